// kubeconfig files: parsing, merging several (as KUBECONFIG=a:b does) and picking a context.
// No I/O here: the loader reads the files; relative paths are resolved against the file
// that names them.
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export class KubeconfigError extends Error {
  override name = 'KubeconfigError';
}

export interface KubeconfigFile {
  path: string;
  text: string;
}

interface Named<T> {
  name: string;
  value: T;
  /** The file it came from. */
  file: string;
}

export interface ClusterEntry {
  server?: string;
  certificateAuthority?: string;
  certificateAuthorityData?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
}

export interface UserEntry {
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  /** An exec credential plugin. */
  exec?: { command: string; args: string[]; env: { name: string; value: string }[]; apiVersion: string };
  authProvider?: string;
  /** Impersonation (client-go's `as`, `as-uid`, `as-groups`, `as-user-extra`): who the requests act as. */
  as?: string;
  asUid?: string;
  asGroups?: string[];
  asUserExtra?: Record<string, string[]>;
}

export interface ContextEntry {
  cluster?: string;
  user?: string;
  namespace?: string;
}

export interface MergedKubeconfig {
  files: string[];
  currentContext: string | undefined;
  clusters: Map<string, Named<ClusterEntry>>;
  users: Map<string, Named<UserEntry>>;
  contexts: Map<string, Named<ContextEntry>>;
}

/** The chosen context, resolved to its cluster and user, with absolute file paths. */
export interface SelectedContext {
  contextName: string;
  clusterName: string;
  userName: string;
  cluster: ClusterEntry;
  user: UserEntry;
  /** The context's namespace, or "default". */
  namespace: string;
  /** Where the context is defined, for messages. */
  file: string;
  /** Where the user is defined (an exec plugin's relative command is resolved against it). */
  userFile: string;
}

/** Merges files in order: the first file to define a name (or current-context) wins, as kubectl does. */
export function mergeKubeconfigs(files: readonly KubeconfigFile[]): MergedKubeconfig {
  const merged: MergedKubeconfig = {
    files: files.map((file) => file.path),
    currentContext: undefined,
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
  };
  for (const file of files) {
    const document = parseDocument(file);
    const dir = path.dirname(file.path);
    if (
      merged.currentContext === undefined &&
      typeof document['current-context'] === 'string' &&
      document['current-context'] !== ''
    ) {
      merged.currentContext = document['current-context'];
    }
    addEntries(merged.clusters, document['clusters'], 'cluster', file.path, (raw) => readCluster(raw, dir));
    addEntries(merged.users, document['users'], 'user', file.path, (raw, name) =>
      readUser(raw, dir, `user ${name} in ${file.path}`),
    );
    addEntries(merged.contexts, document['contexts'], 'context', file.path, readContext);
  }
  return merged;
}

/** Picks `contextName` (default: current-context) and resolves its cluster and user. */
export function selectContext(config: MergedKubeconfig, contextName?: string): SelectedContext {
  const where = config.files.join(', ');
  const name = contextName ?? config.currentContext;
  if (name === undefined) {
    throw new KubeconfigError(`${where} sets no current-context: pass --context NAME`);
  }
  const context = config.contexts.get(name);
  if (context === undefined) {
    throw new KubeconfigError(`context ${name} not found in ${where}`);
  }
  const clusterName = context.value.cluster;
  const cluster = clusterName === undefined ? undefined : config.clusters.get(clusterName);
  if (clusterName === undefined || cluster === undefined) {
    throw new KubeconfigError(
      `context ${name} in ${context.file} names cluster ${clusterName ?? '(none)'}, which is not defined in ${where}`,
    );
  }
  if (!cluster.value.server) {
    throw new KubeconfigError(`cluster ${clusterName} in ${cluster.file} has no server`);
  }
  const userName = context.value.user ?? '';
  const user = userName === '' ? undefined : config.users.get(userName);
  if (userName !== '' && user === undefined) {
    throw new KubeconfigError(
      `context ${name} in ${context.file} names user ${userName}, which is not defined in ${where}`,
    );
  }
  return {
    contextName: name,
    clusterName,
    userName,
    cluster: cluster.value,
    user: user?.value ?? {},
    namespace: context.value.namespace || 'default',
    file: context.file,
    userFile: user?.file ?? context.file,
  };
}

type RawDocument = Record<string, unknown>;

function parseDocument(file: KubeconfigFile): RawDocument {
  let parsed: unknown;
  try {
    parsed = parseYaml(file.text);
  } catch (error) {
    throw new KubeconfigError(`${file.path} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new KubeconfigError(`${file.path} is not a kubeconfig: expected a mapping with clusters, users and contexts`);
  }
  return parsed as RawDocument;
}

function addEntries<T>(
  into: Map<string, Named<T>>,
  raw: unknown,
  field: 'cluster' | 'user' | 'context',
  file: string,
  read: (value: Record<string, unknown>, name: string) => T,
): void {
  if (raw === undefined || raw === null) return;
  if (!Array.isArray(raw)) throw new KubeconfigError(`${file}: ${field}s must be a list`);
  raw.forEach((entry: unknown, index) => {
    const item = (entry ?? {}) as Record<string, unknown>;
    const name = item['name'];
    if (typeof name !== 'string' || name === '') {
      throw new KubeconfigError(`${file}: ${field}s[${index}] has no name`);
    }
    if (into.has(name)) return;
    const value = item[field];
    into.set(name, { name, value: read((value ?? {}) as Record<string, unknown>, name), file });
  });
}

function text(raw: Record<string, unknown>, key: string): string | undefined {
  const value = raw[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function filePath(raw: Record<string, unknown>, key: string, dir: string): string | undefined {
  const value = text(raw, key);
  return value === undefined ? undefined : path.resolve(dir, value);
}

function readCluster(raw: Record<string, unknown>, dir: string): ClusterEntry {
  return {
    server: text(raw, 'server'),
    certificateAuthority: filePath(raw, 'certificate-authority', dir),
    certificateAuthorityData: text(raw, 'certificate-authority-data'),
    insecureSkipTlsVerify: raw['insecure-skip-tls-verify'] === true,
    tlsServerName: text(raw, 'tls-server-name'),
  };
}

/** A list of strings, as client-go reads `as-groups`; `where` names the user entry in an error. */
function stringList(raw: Record<string, unknown>, key: string, where: string): string[] | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw new KubeconfigError(`${where}: ${key} must be a list of strings, such as [team-a, team-b]`);
  return value.length > 0 ? (value as string[]) : undefined;
}

/** A map of string lists, as client-go reads `as-user-extra` (scopes: [view, edit]). */
function stringListMap(raw: Record<string, unknown>, key: string, where: string): Record<string, string[]> | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  const shape = `${where}: ${key} must map each key to a list of strings, such as {scopes: [view, edit]}`;
  if (typeof value !== 'object' || Array.isArray(value)) throw new KubeconfigError(shape);
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [, values] of entries) {
    if (!Array.isArray(values) || values.some((item) => typeof item !== 'string')) throw new KubeconfigError(shape);
  }
  return entries.length > 0 ? Object.fromEntries(entries as Array<[string, string[]]>) : undefined;
}

function readUser(raw: Record<string, unknown>, dir: string, where: string): UserEntry {
  const exec = raw['exec'] as Record<string, unknown> | undefined;
  const authProvider = raw['auth-provider'] as Record<string, unknown> | undefined;
  const asGroups = stringList(raw, 'as-groups', where);
  const asUserExtra = stringListMap(raw, 'as-user-extra', where);
  const as = text(raw, 'as');
  const asUid = text(raw, 'as-uid');
  return {
    ...(as !== undefined ? { as } : {}),
    ...(asUid !== undefined ? { asUid } : {}),
    ...(asGroups ? { asGroups } : {}),
    ...(asUserExtra ? { asUserExtra } : {}),
    clientCertificate: filePath(raw, 'client-certificate', dir),
    clientCertificateData: text(raw, 'client-certificate-data'),
    clientKey: filePath(raw, 'client-key', dir),
    clientKeyData: text(raw, 'client-key-data'),
    token: text(raw, 'token'),
    tokenFile: filePath(raw, 'tokenFile', dir),
    username: text(raw, 'username'),
    password: text(raw, 'password'),
    exec: exec ? readExec(exec) : undefined,
    authProvider: authProvider ? (text(authProvider, 'name') ?? '(unnamed)') : undefined,
  };
}

function readExec(raw: Record<string, unknown>): UserEntry['exec'] {
  const args = Array.isArray(raw['args']) ? raw['args'].map(String) : [];
  const env = Array.isArray(raw['env'])
    ? (raw['env'] as Record<string, unknown>[]).map((entry) => ({
        name: String(entry['name'] ?? ''),
        value: String(entry['value'] ?? ''),
      }))
    : [];
  return {
    command: text(raw, 'command') ?? '',
    args,
    env,
    apiVersion: text(raw, 'apiVersion') ?? 'client.authentication.k8s.io/v1',
  };
}

function readContext(raw: Record<string, unknown>): ContextEntry {
  return { cluster: text(raw, 'cluster'), user: text(raw, 'user'), namespace: text(raw, 'namespace') };
}
