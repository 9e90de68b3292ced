// Credentials of a test control plane: an admin bearer token (static token file) and the
// service-account signing key pair. The API server makes its own serving certificate.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const adminUser = 'sluice-admin';

export interface CredentialFiles {
  /** Bearer token of a user in system:masters. */
  token: string;
  tokenFile: string;
  serviceAccountPrivateKey: string;
  serviceAccountPublicKey: string;
}

export function writeCredentials(pkiDir: string): CredentialFiles {
  const token = randomBytes(24).toString('hex');
  const tokenFile = path.join(pkiDir, 'tokens.csv');
  // token,user,uid,"group1,group2"
  writeFileSync(tokenFile, `${token},${adminUser},${adminUser},"system:masters"\n`, { mode: 0o600 });

  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const serviceAccountPrivateKey = path.join(pkiDir, 'service-account.key');
  const serviceAccountPublicKey = path.join(pkiDir, 'service-account.pub');
  writeFileSync(serviceAccountPrivateKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(serviceAccountPublicKey, publicKey.export({ type: 'spki', format: 'pem' }));
  return { token, tokenFile, serviceAccountPrivateKey, serviceAccountPublicKey };
}
