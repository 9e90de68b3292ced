// The JWT a GitHub App signs to ask for an installation token (RS256 over ghinstallation's claims),
// for the github notification service (src/notifications/services/github.ts builds the rest).
import { createPrivateKey, createSign } from 'node:crypto';
import type { GitHubAppRequest } from '../../notifications/services/github.ts';

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

export function signAppJwt(request: Pick<GitHubAppRequest, 'privateKey' | 'claims'>, nowMs: number): string {
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(request.privateKey);
  } catch (error) {
    throw new Error(`github: privateKey is not a PEM private key: ${(error as Error).message}`);
  }
  const unsigned = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${base64url(request.claims(nowMs))}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key);
  return `${unsigned}.${base64url(signature)}`;
}
