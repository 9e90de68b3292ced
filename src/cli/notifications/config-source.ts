// Where `sluice notifications` reads its configuration, as Argo's plugin does: the ConfigMap and
// Secret given as files (--config-map, --secret; `--secret :empty` for none), else the target's:
// on a cluster those of the namespace (-n, else the context's), locally the ones applied to the
// runtime. The rollout is a name on the target, or a file that exists.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { NOTIFICATION_CONFIGMAP, NOTIFICATION_SECRET } from '../../notifications/config.ts';
import { CliError } from '../shared/errors.ts';
import type { Target, TargetNotificationSettings } from '../target/target.ts';

type DataDocument = {
  kind?: unknown;
  metadata?: { name?: unknown };
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
};

/** The data of the ConfigMap or Secret of Argo's name in `file` (a Secret's `data` decoded). */
export function readDataFile(file: string, kind: 'ConfigMap' | 'Secret'): Record<string, string> {
  const name = kind === 'ConfigMap' ? NOTIFICATION_CONFIGMAP : NOTIFICATION_SECRET;
  let documents: DataDocument[];
  try {
    documents = parseAllDocuments(readFileSync(file, 'utf8')).map((document) => {
      if (document.errors.length > 0) throw document.errors[0] as Error;
      return (document.toJS() ?? {}) as DataDocument;
    });
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const document = documents.find((one) => one.kind === kind && one.metadata?.name === name);
  if (!document) throw new CliError(`${file} has no ${kind} named ${name}: give the file of the ${kind} ${name}`);
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(document.data ?? {}))
    data[key] = kind === 'Secret' ? Buffer.from(String(value), 'base64').toString('utf8') : String(value);
  for (const [key, value] of Object.entries(document.stringData ?? {})) data[key] = String(value);
  return data;
}

export interface ConfigSourceOptions {
  configMapFile: string | undefined;
  secretFile: string | undefined;
  /** Whether the Secret is read at all (the commands that render or evaluate). */
  needsSecret: boolean;
}

export interface ConfigData {
  configMap: Record<string, string>;
  secret: Record<string, string>;
}

/**
 * The ConfigMap's and Secret's data. `target` is opened only when a file is not given. A ConfigMap
 * the target lacks is an error (as Argo's plugin); a Secret it lacks reads as empty.
 */
export async function readConfigData(
  options: ConfigSourceOptions,
  target: () => Promise<{ target: Target; namespace: string }>,
): Promise<ConfigData> {
  const fromFile = (file: string | undefined, kind: 'ConfigMap' | 'Secret') =>
    file === undefined ? undefined : file === ':empty' && kind === 'Secret' ? {} : readDataFile(file, kind);
  let configMap = fromFile(options.configMapFile, 'ConfigMap');
  let secret = options.needsSecret ? fromFile(options.secretFile, 'Secret') : {};
  if (configMap === undefined || secret === undefined) {
    const { target: opened, namespace } = await target();
    const held: TargetNotificationSettings = await opened.notificationSettings(namespace);
    if (configMap === undefined) {
      if (!held.configMap) throw new CliError(missingConfigMap(opened, namespace));
      configMap = held.configMap;
    }
    secret ??= held.secret ?? {};
  }
  return { configMap, secret };
}

function missingConfigMap(target: Target, namespace: string): string {
  const where = target.description.startsWith('local')
    ? `the ${target.description} (apply it with sluice apply -f)`
    : `namespace ${namespace} of the ${target.description} (choose its namespace with -n)`;
  return `configmap ${NOTIFICATION_CONFIGMAP} is not in ${where}, or pass --config-map FILE`;
}

/** A rollout argument that names a file that exists: the object in it (as Argo's plugin reads one). */
export function rolloutFromFile(argument: string): Record<string, unknown> | undefined {
  if (!existsSync(argument) || !statSync(argument).isFile()) return undefined;
  let value: unknown;
  try {
    value = parseYaml(readFileSync(argument, 'utf8'));
  } catch (error) {
    throw new CliError(`cannot read ${argument}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new CliError(`${argument} does not hold one object: give the file of one Rollout`);
  return value as Record<string, unknown>;
}
