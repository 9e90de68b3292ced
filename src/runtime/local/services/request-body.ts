// Reads a client's request body into memory, so it can be retried on another pod and copied to a
// mirror. A request that announces no body (no content-length, no chunked encoding) is not waited for.
import type http from 'node:http';

export const MAX_BUFFERED_BODY_BYTES = 16 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export function hasBody(request: http.IncomingMessage): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return request.headers['transfer-encoding'] !== undefined;
}

export function readBody(request: http.IncomingMessage, limit = MAX_BUFFERED_BODY_BYTES): Promise<Buffer | undefined> {
  if (!hasBody(request)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        reject(new BodyTooLargeError(`request body larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
