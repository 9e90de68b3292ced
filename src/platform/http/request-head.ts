// The head of an HTTP/1.1 request to a server, as one latin1 string: request line, the given header
// fields, and a Content-Length when the body needs one (as node's client adds it). Values that could
// break the framing (CR, LF, NUL; names that are not tokens) and a Transfer-Encoding (the body is
// written as given, never chunk-encoded) are refused, so the caller can fall back to node's client.
import type http from 'node:http';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const UNSAFE_VALUE = /[\r\n\0]/;
/** As node's client: a target is printable latin1 without spaces. */
const UNSAFE_TARGET = /[^\u0021-\u00ff]/;
/** Methods for which node's client announces no empty body. */
const NO_EMPTY_BODY = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

/** The request head, ending with the empty line; undefined when it cannot be written safely. */
export function requestHead(
  method: string,
  target: string,
  headers: http.OutgoingHttpHeaders,
  body: Buffer | undefined,
): string | undefined {
  if (!TOKEN.test(method) || target === '' || UNSAFE_TARGET.test(target)) return undefined;
  let head = `${method} ${target} HTTP/1.1\r\n`;
  let framed = false;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (!TOKEN.test(name)) return undefined;
    if (name.length === 14 && name.toLowerCase() === 'content-length') framed = true;
    if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') return undefined;
    if (Array.isArray(value)) {
      for (const item of value) {
        if (UNSAFE_VALUE.test(item)) return undefined;
        head += `${name}: ${item}\r\n`;
      }
      continue;
    }
    const text = typeof value === 'string' ? value : String(value);
    if (UNSAFE_VALUE.test(text)) return undefined;
    head += `${name}: ${text}\r\n`;
  }
  if (!framed) {
    if (body && body.length > 0) head += `content-length: ${body.length}\r\n`;
    else if (!NO_EMPTY_BODY.has(method)) head += 'content-length: 0\r\n';
  }
  return `${head}\r\n`;
}
