// Asking the API server whether it is ready, over HTTPS with its own CA and a bearer token.
import { request } from 'node:https';

export interface HealthTarget {
  server: string;
  caPem: string;
  token: string;
}

/** GET a path (e.g. /readyz); resolves with the status code and body, never throws on HTTP errors. */
export function getPath(target: HealthTarget, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, target.server),
      {
        method: 'GET',
        agent: false,
        ca: target.caPem,
        headers: { Authorization: `Bearer ${target.token}` },
        timeout: 5000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer within 5 s`)));
    req.on('error', reject);
    req.end();
  });
}
