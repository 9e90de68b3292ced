// Who a bearer token belongs to, as the API server says: a TokenReview (authentication.k8s.io/v1).
// Without audiences the API server checks the token against its own (--api-audiences, by default
// its service-account issuer), which is what a token from `kubectl create token` carries.
import type { ObjectWriter } from '../../platform/kubernetes/client/interfaces.ts';
import type { KubeObject } from '../../platform/kubernetes/client/objects.ts';
import { builtin } from '../../platform/kubernetes/client/resources.ts';

export const tokenReviews = builtin('TokenReview', 'authentication.k8s.io', 'v1', 'tokenreviews', false);

export interface ReviewedUser {
  username: string;
  groups: string[];
}

export type TokenReviewOutcome = { authenticated: true; user: ReviewedUser } | { authenticated: false; reason: string };

interface TokenReviewStatus {
  authenticated?: boolean;
  user?: { username?: string; groups?: string[] };
  audiences?: string[];
  error?: string;
}

/** The request body of a TokenReview of `token`. */
export function tokenReviewBody(token: string, audiences: readonly string[] = []): KubeObject {
  return {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenReview',
    metadata: {},
    spec: { token, ...(audiences.length > 0 ? { audiences: [...audiences] } : {}) },
  };
}

/** What a TokenReview's status says; a token valid for none of the audiences asked is refused. */
export function tokenReviewOutcome(
  status: TokenReviewStatus | undefined,
  audiences: readonly string[] = [],
): TokenReviewOutcome {
  if (!status?.authenticated) return { authenticated: false, reason: status?.error || 'the token is not valid' };
  const username = status.user?.username ?? '';
  if (username === '') return { authenticated: false, reason: 'the TokenReview named no user' };
  if (audiences.length > 0 && !(status.audiences ?? []).some((audience) => audiences.includes(audience)))
    return { authenticated: false, reason: `the token is not meant for the audiences ${audiences.join(', ')}` };
  return { authenticated: true, user: { username, groups: [...(status.user?.groups ?? [])] } };
}

/** Asks the API server who `token` is. A failure of the request itself (network, RBAC) throws. */
export async function reviewToken(
  client: Pick<ObjectWriter, 'create'>,
  token: string,
  audiences: readonly string[] = [],
): Promise<TokenReviewOutcome> {
  let answer: KubeObject;
  try {
    answer = await client.create(tokenReviews, '', tokenReviewBody(token, audiences));
  } catch (error) {
    throw new Error(
      `could not check the token with a TokenReview: ${(error as Error).message}; the dashboard's ServiceAccount needs create on tokenreviews.authentication.k8s.io (deploy/rbac/dashboard.yaml)`,
      { cause: error },
    );
  }
  return tokenReviewOutcome(answer['status'] as TokenReviewStatus | undefined, audiences);
}
