// ConfigMaps and Secrets as local pods read them: each object's keys with the bytes of their values.
// A ConfigMap's `data` is text and its `binaryData` base64; a Secret's `data` is base64 and its
// `stringData` text (written over `data`, as the API server merges it).

export type ConfigKind = 'ConfigMap' | 'Secret';

export interface ConfigObject {
  kind: ConfigKind;
  namespace: string;
  name: string;
  /** Every key with its value's bytes, base64-encoded (so the object stays JSON). */
  data: Record<string, string>;
}

/** Where a pod finds the ConfigMaps and Secrets applied so far. */
export interface ConfigLookup {
  get(kind: ConfigKind, namespace: string, name: string): ConfigObject | undefined;
}

export interface ConfigDocument {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
  data?: unknown;
  binaryData?: unknown;
  stringData?: unknown;
}

/** A problem of a ConfigMap or Secret document the API server would refuse: where (`data.token`) and what. */
export interface ConfigProblem {
  path: string[];
  message: string;
}

/**
 * What the API server refuses in a v1 ConfigMap or Secret document: a value of a Secret's `data`
 * or a ConfigMap's `binaryData` that is not base64 (padded, standard alphabet; line breaks are
 * ignored, as Go's decoder does). None for any other document.
 */
export function configProblems(document: ConfigDocument): ConfigProblem[] {
  if (document.apiVersion !== 'v1' || (document.kind !== 'ConfigMap' && document.kind !== 'Secret')) return [];
  const problems: ConfigProblem[] = [];
  const field = document.kind === 'Secret' ? 'data' : 'binaryData';
  for (const [key, value] of Object.entries(mapping(document[field]))) {
    if (typeof value === 'string' && isBase64(value)) continue;
    problems.push({
      path: [field, key],
      message: `${field}.${key} is not valid base64 (a ${document.kind}'s ${field} holds base64-encoded values${document.kind === 'Secret' ? '; put plain text under stringData' : '; put text under data'})`,
    });
  }
  return problems;
}

/** Base64 as Go's encoding/base64 StdEncoding decodes it (with the line breaks it skips). */
export function isBase64(text: string): boolean {
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text.replace(/[\r\n]/g, ''));
}

/** A v1 ConfigMap or Secret document as the object pods read; undefined for any other document. */
export function configObjectOf(document: ConfigDocument): ConfigObject | undefined {
  if (document.apiVersion !== 'v1') return undefined;
  if (document.kind !== 'ConfigMap' && document.kind !== 'Secret') return undefined;
  const name = document.metadata?.name;
  if (typeof name !== 'string' || name === '') return undefined;
  const namespace =
    typeof document.metadata?.namespace === 'string' && document.metadata.namespace !== ''
      ? document.metadata.namespace
      : 'default';
  const data: Record<string, string> = {};
  const text = (values: unknown) => {
    for (const [key, value] of Object.entries(mapping(values)))
      data[key] = Buffer.from(String(value ?? ''), 'utf8').toString('base64');
  };
  const base64 = (values: unknown) => {
    for (const [key, value] of Object.entries(mapping(values)))
      data[key] = Buffer.from(String(value ?? ''), 'base64').toString('base64');
  };
  if (document.kind === 'ConfigMap') {
    text(document.data);
    base64(document.binaryData);
  } else {
    base64(document.data);
    text(document.stringData);
  }
  return { kind: document.kind, namespace, name, data };
}

/** The bytes of a key's value. */
export function valueBytes(object: ConfigObject, key: string): Buffer | undefined {
  const encoded = object.data[key];
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64');
}

/** A key's value as text (environment variables). */
export function valueText(object: ConfigObject, key: string): string | undefined {
  return valueBytes(object, key)?.toString('utf8');
}

export function configKey(kind: ConfigKind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function mapping(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
