// The head of an HTTP/1.x response (status line and header fields) read into what a proxy needs: the
// status, the header fields as received (for passing on), how the body is delimited (RFC 9112 §6.3)
// and whether the connection may carry another request.

export class ResponseParseError extends Error {
  readonly code = 'HPE_INVALID_RESPONSE';
}

export type BodyFraming =
  | { kind: 'none' }
  | { kind: 'length'; length: number }
  | { kind: 'chunked' }
  /** Delimited by the server closing the connection. */
  | { kind: 'close' };

export interface ResponseHead {
  status: number;
  /** `HTTP/1.<minor>`. */
  minorVersion: number;
  /** Names and values in the order received, alternating: [name, value, name, value, ...]. */
  rawHeaders: string[];
  framing: BodyFraming;
  keepAlive: boolean;
}

const NO_BODY: BodyFraming = { kind: 'none' };
const CHUNKED: BodyFraming = { kind: 'chunked' };
const UNTIL_CLOSE: BodyFraming = { kind: 'close' };

function hasToken(list: string, token: string): boolean {
  for (const part of list.split(',')) if (part.trim().toLowerCase() === token) return true;
  return false;
}

function contentLengthOf(values: string[]): number {
  let length: number | undefined;
  for (const value of values) {
    for (const part of value.split(',')) {
      const text = part.trim();
      if (!/^\d{1,15}$/.test(text)) throw new ResponseParseError(`invalid Content-Length "${value}"`);
      const n = Number(text);
      if (length !== undefined && n !== length)
        throw new ResponseParseError(`conflicting Content-Length values "${values.join(', ')}"`);
      length = n;
    }
  }
  return length ?? 0;
}

/**
 * Parses a complete head: `text` is the head in latin1, without the empty line that ends it.
 * `bodiless` is true for an answer to HEAD. Throws ResponseParseError on malformed input.
 */
export function parseResponseHead(text: string, bodiless: boolean): ResponseHead {
  const lines = text.split('\n');
  const statusLine = stripCr(lines[0] ?? '');
  const match = /^HTTP\/1\.(\d) (\d{3})(?: .*)?$/.exec(statusLine);
  if (!match) throw new ResponseParseError(`invalid status line "${statusLine.slice(0, 80)}"`);
  const minorVersion = Number(match[1]);
  const status = Number(match[2]);

  const rawHeaders: string[] = [];
  let connection = '';
  let transferEncoding: string | undefined;
  const contentLengths: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = stripCr(lines[i]!);
    if (line === '') continue;
    const first = line.charCodeAt(0);
    if (first === 32 || first === 9) {
      // Obsolete line folding: the continuation joins the previous value with a space.
      if (rawHeaders.length === 0) throw new ResponseParseError('a header line starts with whitespace');
      rawHeaders[rawHeaders.length - 1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ResponseParseError(`invalid header line "${line.slice(0, 80)}"`);
    const name = line.slice(0, colon);
    if (/[\s]/.test(name)) throw new ResponseParseError(`invalid header name "${name.slice(0, 80)}"`);
    const value = line.slice(colon + 1).trim();
    rawHeaders.push(name, value);
    switch (name.length) {
      case 10:
        if (name.toLowerCase() === 'connection') connection = connection ? `${connection},${value}` : value;
        break;
      case 14:
        if (name.toLowerCase() === 'content-length') contentLengths.push(value);
        break;
      case 17:
        if (name.toLowerCase() === 'transfer-encoding')
          transferEncoding = transferEncoding === undefined ? value : `${transferEncoding},${value}`;
        break;
    }
  }

  let keepAlive = minorVersion >= 1 ? !hasToken(connection, 'close') : hasToken(connection, 'keep-alive');
  let framing: BodyFraming;
  if (bodiless || status < 200 || status === 204 || status === 304) {
    framing = NO_BODY;
  } else if (transferEncoding !== undefined) {
    const codings = transferEncoding.split(',');
    framing = codings[codings.length - 1]!.trim().toLowerCase() === 'chunked' ? CHUNKED : UNTIL_CLOSE;
    // Both framings announced: the message is suspect, so the connection is not trusted again.
    if (contentLengths.length > 0) keepAlive = false;
  } else if (contentLengths.length > 0) {
    framing = { kind: 'length', length: contentLengthOf(contentLengths) };
  } else {
    framing = UNTIL_CLOSE;
  }
  if (framing.kind === 'close') keepAlive = false;
  return { status, minorVersion, rawHeaders, framing, keepAlive };
}

function stripCr(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}
