// kubectl's connection flags, as Argo's plugin takes them: --server, --token, --certificate-authority,
// --client-certificate, --client-key, --insecure-skip-tls-verify and --tls-server-name replace what
// the kube context says. With --server and no kubeconfig at all they are the whole connection.
// --as, --as-group and --as-uid make every request act as another user (impersonation).
import { readFileSync } from 'node:fs';
import {
  bearerToken,
  noCredentials,
  type Connection,
  type Impersonation,
} from '../../platform/kubernetes/client/connection.ts';
import { CliError, UsageError } from '../shared/errors.ts';

export interface ConnectionOverrides {
  /** --cluster and --user: another cluster or user of the kubeconfig (kube-context-overrides.ts). */
  cluster?: string | undefined;
  user?: string | undefined;
  server?: string | undefined;
  token?: string | undefined;
  certificateAuthority?: string | undefined;
  clientCertificate?: string | undefined;
  clientKey?: string | undefined;
  insecureSkipTlsVerify?: boolean | undefined;
  tlsServerName?: string | undefined;
  /** --as, --as-group (repeatable), --as-uid. */
  as?: string | undefined;
  asGroups?: string[] | undefined;
  asUid?: string | undefined;
}

/** The flag of the first override given, for `-v` ("chosen by --server"); undefined when none is. */
export function firstOverride(overrides: ConnectionOverrides): string | undefined {
  const flags: Array<[keyof ConnectionOverrides, string]> = [
    ['cluster', '--cluster'],
    ['user', '--user'],
    ['server', '--server'],
    ['token', '--token'],
    ['certificateAuthority', '--certificate-authority'],
    ['clientCertificate', '--client-certificate'],
    ['clientKey', '--client-key'],
    ['insecureSkipTlsVerify', '--insecure-skip-tls-verify'],
    ['tlsServerName', '--tls-server-name'],
    ['as', '--as'],
    ['asGroups', '--as-group'],
    ['asUid', '--as-uid'],
  ];
  const given = (value: ConnectionOverrides[keyof ConnectionOverrides]) =>
    value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
  return flags.find(([key]) => given(overrides[key]))?.[1];
}

/** A connection from the flags alone (no kubeconfig): needs --server. */
export function bareConnection(overrides: ConnectionOverrides): Connection | undefined {
  if (!overrides.server) return undefined;
  return withOverrides(
    {
      server: overrides.server,
      tls: { insecureSkipTlsVerify: false },
      credentials: noCredentials,
      namespace: 'default',
      description: `server ${overrides.server} given with --server`,
    },
    overrides,
  );
}

export function withOverrides(
  connection: Connection,
  overrides: ConnectionOverrides,
  read: (file: string) => Buffer = readFileSync,
): Connection {
  const file = (flag: string, path: string): Buffer => {
    try {
      return read(path);
    } catch (error) {
      throw new CliError(
        `cannot read ${path} given with ${flag}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  };
  const tls = { ...connection.tls };
  if (overrides.certificateAuthority) tls.ca = file('--certificate-authority', overrides.certificateAuthority);
  if (overrides.clientCertificate) tls.cert = file('--client-certificate', overrides.clientCertificate);
  if (overrides.clientKey) tls.key = file('--client-key', overrides.clientKey);
  if ((tls.cert === undefined) !== (tls.key === undefined))
    throw new CliError('a client certificate needs its key: give --client-certificate and --client-key together');
  if (overrides.insecureSkipTlsVerify) {
    // As kubectl: not verifying the server leaves no use for a CA.
    tls.insecureSkipTlsVerify = true;
    delete tls.ca;
  }
  if (overrides.tlsServerName) tls.serverName = overrides.tlsServerName;
  const server = overrides.server ? overrides.server.replace(/\/+$/, '') : connection.server;
  if (!/^https?:\/\/./.test(server))
    throw new CliError(`--server must be a URL such as https://127.0.0.1:6443, not "${server}"`);
  const impersonate = impersonationOf(overrides, connection.impersonate);
  return {
    ...connection,
    ...(impersonate ? { impersonate } : {}),
    server,
    tls,
    credentials: overrides.token ? bearerToken(overrides.token) : connection.credentials,
    description:
      overrides.server && connection.description.indexOf('--server') < 0
        ? `${connection.description}, server ${server} from --server`
        : connection.description,
  };
}

/**
 * --as, --as-group and --as-uid over the kube context's own impersonation (its user's `as`, ...):
 * each flag given replaces that field, as kubectl merges them; the API server impersonates groups
 * and a uid only together with a user.
 */
function impersonationOf(
  overrides: ConnectionOverrides,
  fromContext: Impersonation | undefined,
): Impersonation | undefined {
  const groups = overrides.asGroups ?? [];
  const user = overrides.as ?? fromContext?.user;
  if (user === undefined) {
    const without = groups.length > 0 ? '--as-group' : overrides.asUid !== undefined ? '--as-uid' : undefined;
    if (without)
      throw new UsageError(
        `${without} needs --as: Kubernetes impersonates groups and a uid only together with a user; add --as USER`,
      );
    return undefined;
  }
  const uid = overrides.asUid ?? fromContext?.uid;
  return {
    user,
    groups: groups.length > 0 ? groups : (fromContext?.groups ?? []),
    ...(uid !== undefined ? { uid } : {}),
    ...(fromContext?.extra ? { extra: fromContext.extra } : {}),
  };
}
