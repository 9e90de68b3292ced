// The patch formats the fake client applies: RFC 7386 JSON merge patch and RFC 6902 JSON patch
// (add, remove, replace, test). Strategic merge patches are applied as merge patches, which agree
// for maps and differ for lists (a strategic patch can merge lists by key): enough for the fields
// a controller patches (labels, annotations, replicas, selectors, status).

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** RFC 7386: objects merge key by key, null removes a key, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

export interface JsonPatchOperation {
  op: string;
  path: string;
  value?: unknown;
}

/** RFC 6902, the operations add, remove, replace and test; a clear error for others or a bad path. */
export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new Error('a JSON patch is a list of operations');
  let document = structuredClone(target) as Json;
  for (const operation of operations as JsonPatchOperation[]) {
    const segments = pointer(operation.path);
    if (segments.length === 0) {
      if (operation.op === 'test') continue;
      document = structuredClone(operation.value) as Json;
      continue;
    }
    const parent = resolve(document, segments.slice(0, -1), operation.path);
    const last = segments[segments.length - 1]!;
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (!Number.isInteger(index) || index < 0 || index > parent.length)
        throw new Error(`JSON patch path ${operation.path}: no index ${last}`);
      if (operation.op === 'add') parent.splice(index, 0, structuredClone(operation.value) as Json);
      else if (operation.op === 'remove') parent.splice(index, 1);
      else if (operation.op === 'replace') parent[index] = structuredClone(operation.value) as Json;
      else if (operation.op === 'test') testEqual(parent[index], operation);
      else throw new Error(`JSON patch operation "${operation.op}" is not supported by the fake client`);
    } else if (isObject(parent)) {
      const absent = !Object.hasOwn(parent, last);
      if ((operation.op === 'remove' || operation.op === 'replace') && absent)
        throw new Error(`JSON patch path ${operation.path}: nothing to ${operation.op}`);
      if (operation.op === 'add' || operation.op === 'replace') parent[last] = structuredClone(operation.value) as Json;
      else if (operation.op === 'remove') delete parent[last];
      else if (operation.op === 'test') testEqual(parent[last], operation);
      else throw new Error(`JSON patch operation "${operation.op}" is not supported by the fake client`);
    } else {
      throw new Error(`JSON patch path ${operation.path}: the parent is not an object or a list`);
    }
  }
  return document;
}

function testEqual(actual: unknown, operation: JsonPatchOperation): void {
  if (JSON.stringify(actual) !== JSON.stringify(operation.value))
    throw new Error(`JSON patch test at ${operation.path} failed`);
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`JSON patch path "${path}" does not start with /`);
  return path
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolve(document: Json, segments: string[], path: string): Json {
  let current: Json = document;
  for (const segment of segments) {
    const next: Json | undefined = Array.isArray(current)
      ? current[Number(segment)]
      : isObject(current)
        ? current[segment]
        : undefined;
    if (next === undefined) throw new Error(`JSON patch path ${path}: ${segment} does not exist`);
    current = next;
  }
  return current;
}
