// Whether a user may do one thing, as Kubernetes RBAC (or whatever authorizer the API server
// runs) decides: a SubjectAccessReview (authorization.k8s.io/v1) for the user's name and groups
// and the exact verb, resource, subresource and namespace.
import type { ObjectWriter } from '../../platform/kubernetes/client/interfaces.ts';
import type { KubeObject } from '../../platform/kubernetes/client/objects.ts';
import { builtin } from '../../platform/kubernetes/client/resources.ts';
import type { AccessDecision, AccessRequest, Identity } from '../server/authorizer.ts';
import { accessRefusal, describeResource } from './refusal.ts';

export const subjectAccessReviews = builtin(
  'SubjectAccessReview',
  'authorization.k8s.io',
  'v1',
  'subjectaccessreviews',
  false,
);

/** The status of a SubjectAccessReview, and of a SelfSubjectAccessReview (the same type). */
export interface SubjectAccessReviewStatus {
  allowed?: boolean;
  denied?: boolean;
  reason?: string;
  evaluationError?: string;
}

export function accessReviewBody(identity: Pick<Identity, 'username' | 'groups'>, access: AccessRequest): KubeObject {
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    metadata: {},
    spec: {
      user: identity.username,
      groups: [...identity.groups],
      resourceAttributes: resourceAttributes(access),
    },
  };
}

/** The access as the resourceAttributes of a SubjectAccessReview or SelfSubjectAccessReview. */
export function resourceAttributes(access: AccessRequest): Record<string, string> {
  return {
    verb: access.verb,
    group: access.group,
    resource: access.resource,
    ...(access.subresource ? { subresource: access.subresource } : {}),
    ...(access.namespace ? { namespace: access.namespace } : {}),
    ...(access.name ? { name: access.name } : {}),
  };
}

export function accessDecision(
  identity: Pick<Identity, 'username'>,
  access: AccessRequest,
  status: SubjectAccessReviewStatus | undefined,
): AccessDecision {
  if (status?.allowed === true && status.denied !== true) return { allowed: true };
  const detail = [status?.reason, status?.evaluationError].filter((text) => text && text.trim() !== '').join('; ');
  return { allowed: false, reason: accessRefusal(identity.username, access, detail) };
}

/** Asks the API server; a failure of the request itself (network, RBAC of the dashboard) throws. */
export async function reviewAccess(
  client: Pick<ObjectWriter, 'create'>,
  identity: Pick<Identity, 'username' | 'groups'>,
  access: AccessRequest,
): Promise<AccessDecision> {
  let answer: KubeObject;
  try {
    answer = await client.create(subjectAccessReviews, '', accessReviewBody(identity, access));
  } catch (error) {
    throw new Error(
      `could not ask whether ${identity.username} may ${access.verb} ${describeResource(access)} with a SubjectAccessReview: ${(error as Error).message}; the dashboard's ServiceAccount needs create on subjectaccessreviews.authorization.k8s.io (deploy/rbac/dashboard.yaml)`,
      { cause: error },
    );
  }
  return accessDecision(identity, access, answer['status'] as SubjectAccessReviewStatus | undefined);
}
