// What the kubeconfig's user is and may do, asked of the API server as that user: a
// SelfSubjectReview for the name, a SelfSubjectAccessReview for each verb the page offers (cached
// briefly: a page asks once per namespace, not once per frame).
import type { KubeClient } from '../../platform/kubernetes/client/client.ts';
import { builtin } from '../../platform/kubernetes/client/resources.ts';
import type { AccessDecision, AccessRequest } from './authorizer.ts';
import { accessDecision, resourceAttributes, type SubjectAccessReviewStatus } from '../auth/access-review.ts';

const selfSubjectReviews = builtin('SelfSubjectReview', 'authentication.k8s.io', 'v1', 'selfsubjectreviews', false);
const selfSubjectAccessReviews = builtin(
  'SelfSubjectAccessReview',
  'authorization.k8s.io',
  'v1',
  'selfsubjectaccessreviews',
  false,
);
const CACHE_MS = 10_000;

/** The username the API server knows the client as, or undefined when it cannot say (an API server before 1.28). */
export async function whoAmI(client: KubeClient): Promise<{ username: string; groups: string[] } | undefined> {
  try {
    const review = (await client.create(selfSubjectReviews, '', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: {},
    })) as { status?: { userInfo?: { username?: string; groups?: string[] } } };
    const username = review.status?.userInfo?.username;
    return username ? { username, groups: review.status?.userInfo?.groups ?? [] } : undefined;
  } catch {
    return undefined;
  }
}

/** Asks whether the client's user may do `access`; the answer for the same access is kept for 10 s. */
export function selfAccessCheck(
  client: KubeClient,
  username: string,
  now: () => number = Date.now,
): (access: AccessRequest) => Promise<AccessDecision> {
  const cache = new Map<string, { at: number; decision: Promise<AccessDecision> }>();
  return (access) => {
    const key = JSON.stringify([
      access.verb,
      access.group,
      access.resource,
      access.subresource ?? '',
      access.namespace ?? '',
      access.name ?? '',
    ]);
    const cached = cache.get(key);
    if (cached && now() - cached.at < CACHE_MS) return cached.decision;
    const decision = review(client, username, access);
    cache.set(key, { at: now(), decision });
    decision.catch(() => cache.delete(key));
    return decision;
  };
}

async function review(client: KubeClient, username: string, access: AccessRequest): Promise<AccessDecision> {
  const answer = (await client.create(selfSubjectAccessReviews, '', {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    metadata: {},
    spec: { resourceAttributes: resourceAttributes(access) },
  })) as { status?: SubjectAccessReviewStatus };
  // The same status as a SubjectAccessReview's, decided and worded the same way.
  return accessDecision({ username }, access, answer.status);
}
