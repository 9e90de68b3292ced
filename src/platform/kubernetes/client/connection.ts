// How to reach and authenticate to an API server: the server URL, TLS material and a source
// of the Authorization header. Tokens from files are read again periodically because bound
// service-account tokens rotate.
import { readFileSync } from 'node:fs';
import type { Timers } from './timers.ts';

export interface TlsSettings {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecureSkipTlsVerify: boolean;
  serverName?: string;
}

export interface Credentials {
  /** The Authorization header value, or undefined for none (client certificates only). */
  authorization(): string | undefined | Promise<string | undefined>;
  /**
   * The server answered 401: forget a cached credential so the next request gets a fresh one.
   * Returns true when that may help (the request is then retried once).
   */
  invalidate?(): boolean;
}

/**
 * Who the requests act as instead of the authenticated user (kubectl's --as, --as-group, --as-uid;
 * a kubeconfig user's as, as-groups, as-uid, as-user-extra).
 */
export interface Impersonation {
  user: string;
  groups: string[];
  uid?: string;
  /** Extra fields of the impersonated user (as-user-extra), each sent as Impersonate-Extra-<key> lines. */
  extra?: Record<string, string[]>;
}

export interface Connection {
  /** https://host:port (or http:// for a local proxy), without a trailing slash. */
  server: string;
  tls: TlsSettings;
  credentials: Credentials;
  /** Sent as the Impersonate-User, Impersonate-Group and Impersonate-Uid headers of every request. */
  impersonate?: Impersonation;
  /** The namespace of the context (or of the service account in cluster). */
  namespace: string;
  /** Where this came from, for messages: "context kind-dev in /home/me/.kube/config". */
  description: string;
}

/**
 * The request headers of an impersonation, as client-go sends them: one Impersonate-Group line per
 * group, one Impersonate-Extra-<key> line per value of an extra field, the key %-encoded where it
 * holds a byte a header name cannot (headerKeyEscape in client-go's transport).
 */
export function impersonationHeaders(impersonate: Impersonation | undefined): Record<string, string | string[]> {
  if (!impersonate) return {};
  const headers: Record<string, string | string[]> = { 'Impersonate-User': impersonate.user };
  if (impersonate.groups.length > 0) headers['Impersonate-Group'] = [...impersonate.groups];
  if (impersonate.uid !== undefined) headers['Impersonate-Uid'] = impersonate.uid;
  for (const [key, values] of Object.entries(impersonate.extra ?? {})) {
    if (values.length > 0) headers[`Impersonate-Extra-${headerKeyEscape(key)}`] = [...values];
  }
  return headers;
}

/** The bytes of an HTTP token (RFC 7230) other than '%', which stays escaped so the key decodes back. */
const TOKEN_BYTE = /^[A-Za-z0-9!#$&'*+\-.^_`|~]$/;

/** client-go's headerKeyEscape: each UTF-8 byte that may not stand in a header name becomes %XX. */
export function headerKeyEscape(key: string): string {
  let escaped = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const char = String.fromCharCode(byte);
    escaped += byte < 0x80 && TOKEN_BYTE.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return escaped;
}

export const noCredentials: Credentials = { authorization: () => undefined };

export function bearerToken(token: string): Credentials {
  const header = `Bearer ${token}`;
  return { authorization: () => header };
}

export function basicAuth(username: string, password: string): Credentials {
  const header = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return { authorization: () => header };
}

/** Default interval for reading a token file again (client-go uses about a minute too). */
export const tokenFileRefreshMs = 60_000;

/**
 * A bearer token read from a file, read again when older than `refreshMs`. A failed re-read
 * keeps the last token (the file is replaced atomically, but be forgiving); a failed first
 * read throws.
 */
export function tokenFileCredentials(
  file: string,
  timers: Pick<Timers, 'now'>,
  refreshMs = tokenFileRefreshMs,
  read: (file: string) => string = (f) => readFileSync(f, 'utf8'),
): Credentials {
  let token = readToken(file, read);
  let readAt = timers.now();
  return {
    authorization: () => {
      if (timers.now() - readAt >= refreshMs) {
        readAt = timers.now();
        try {
          token = readToken(file, read);
        } catch {
          // Keep the previous token; the next refresh tries again.
        }
      }
      return `Bearer ${token}`;
    },
  };
}

function readToken(file: string, read: (file: string) => string): string {
  const token = read(file).trim();
  if (token === '') throw new Error(`the token file ${file} is empty`);
  return token;
}
