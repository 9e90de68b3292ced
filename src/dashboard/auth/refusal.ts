// The one sentence the dashboard says when Kubernetes RBAC refuses a user something, whichever
// way the refusal was learnt: a SubjectAccessReview (the controller's dashboard), a
// SelfSubjectAccessReview (`sluice dashboard` with a kubeconfig), or the API server's own 403.
// It names who, which verb on what, where, and how to get it.
import type { AccessRequest } from '../server/authorizer.ts';

export interface Refused {
  username: string;
  verb: string;
  /** As describeResource says it: `rollouts/status (argoproj.io)`, `events`. */
  resource: string;
  /** Absent: every namespace (cluster-wide). */
  namespace?: string | undefined;
  /** What the API server said, when it said anything. */
  detail?: string | undefined;
}

/** `rollouts/status (argoproj.io)`, `events`, `replicasets (apps)`. */
export function describeResource(access: Pick<AccessRequest, 'group' | 'resource' | 'subresource'>): string {
  const resource = access.subresource ? `${access.resource}/${access.subresource}` : access.resource;
  return access.group === '' ? resource : `${resource} (${access.group})`;
}

/**
 * `user alice may not patch rollouts/status (argoproj.io) in namespace shop: Kubernetes RBAC refused
 * it (DETAIL); ask a cluster administrator for RBAC that grants it: a Role in namespace shop
 * allowing patch on rollouts/status (argoproj.io), bound to alice`.
 */
export function refusalSentence(refused: Refused): string {
  const { username, verb, resource, namespace } = refused;
  const where = namespace ? `in namespace ${namespace}` : 'in every namespace (cluster-wide)';
  const detail = refused.detail?.trim() ? ` (${refused.detail.trim()})` : '';
  const role = namespace ? `a Role in namespace ${namespace}` : 'a ClusterRole';
  return (
    `user ${username} may not ${verb} ${resource} ${where}: Kubernetes RBAC refused it${detail}; ` +
    `ask a cluster administrator for RBAC that grants it: ${role} allowing ${verb} on ${resource}, bound to ${username}`
  );
}

/** The refusal of `access` to `username`. */
export function accessRefusal(username: string, access: AccessRequest, detail?: string): string {
  return refusalSentence({
    username,
    verb: access.verb,
    resource: describeResource(access),
    namespace: access.namespace,
    detail,
  });
}
