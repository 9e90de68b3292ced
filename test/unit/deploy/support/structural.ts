// Checks on OpenAPI schemas of CRDs, written from Kubernetes' rules for structural schemas
// (apiextensions.k8s.io/v1) independently of the generator.
type Json = { [key: string]: any };

const KNOWN_KEYS = new Set([
  'type', 'format', 'description', 'properties', 'required', 'items', 'additionalProperties', 'enum', 'pattern',
  'anyOf', 'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields',
]);

/** Why a schema is not structural (or uses what our CRDs should not), as `path: problem`. */
export function structuralProblems(root: Json): string[] {
  const problems: string[] = [];
  const metadata = root.properties?.metadata as Json | undefined;
  if (metadata) {
    const restricted = Object.keys(metadata.properties ?? {}).filter((name) => name !== 'name' && name !== 'generateName');
    if (restricted.length > 0 || Object.keys(metadata).some((key) => key !== 'type' && key !== 'properties')) {
      problems.push(`metadata: only name and generateName may be specified at the root (found ${JSON.stringify(metadata)})`);
    }
  }
  visit(root, '', problems);
  return problems;
}

function visit(node: Json, at: string, problems: string[]): void {
  const where = at === '' ? '<root>' : at;
  for (const key of Object.keys(node)) if (!KNOWN_KEYS.has(key)) problems.push(`${where}: unexpected key ${key}`);
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'];
  if (preserve !== undefined && preserve !== true) problems.push(`${where}: x-kubernetes-preserve-unknown-fields must be true`);
  if (intOrString) {
    if (node.type !== undefined) problems.push(`${where}: int-or-string must not have a type`);
    if (JSON.stringify(node.anyOf) !== JSON.stringify([{ type: 'integer' }, { type: 'string' }])) {
      problems.push(`${where}: int-or-string needs anyOf [integer, string]`);
    }
    return;
  }
  if (node.anyOf !== undefined) problems.push(`${where}: anyOf is only for int-or-string`);
  if (typeof node.type !== 'string' && preserve !== true) problems.push(`${where}: no type`);
  if (node.properties !== undefined && node.additionalProperties !== undefined) problems.push(`${where}: properties with additionalProperties`);
  if ((node.properties !== undefined || node.additionalProperties !== undefined || node.required !== undefined) && node.type !== 'object') {
    problems.push(`${where}: object keywords on type ${String(node.type)}`);
  }
  if (node.additionalProperties !== undefined && (typeof node.additionalProperties !== 'object' || node.additionalProperties === null)) {
    problems.push(`${where}: additionalProperties must be a schema`);
  }
  if (node.type === 'array' && node.items === undefined) problems.push(`${where}: array without items`);
  if (node.items !== undefined && node.type !== 'array') problems.push(`${where}: items on type ${String(node.type)}`);
  for (const name of (node.required ?? []) as string[]) {
    if (!(name in (node.properties ?? {}))) problems.push(`${where}: required ${name} is not a property`);
  }
  for (const [name, child] of Object.entries((node.properties ?? {}) as Json)) visit(child, `${at}.${name}`, problems);
  if (node.items) visit(node.items, `${at}[]`, problems);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') visit(node.additionalProperties, `${at}{}`, problems);
}

function kindOf(node: Json): string {
  if (node['x-kubernetes-int-or-string'] === true) return 'int-or-string';
  return typeof node.type === 'string' ? node.type : 'any';
}

/**
 * Fields that `theirs` declares and `ours` would prune or type differently. Where ours keeps
 * unknown fields, anything goes; where theirs keeps them untyped, ours may be stricter (the
 * Kubernetes types Argo decodes such fields into).
 */
export function schemaCoverage(theirs: Json, ours: Json, at = ''): string[] {
  if (ours['x-kubernetes-preserve-unknown-fields'] === true && ours.properties === undefined) return [];
  const where = at === '' ? '<root>' : at;
  const theirKind = kindOf(theirs);
  const ourKind = kindOf(ours);
  if (theirKind === 'any') return [];
  if (theirKind !== ourKind) return [`${where}: upstream ${theirKind}, ours ${ourKind}`];
  const problems: string[] = [];
  for (const [name, child] of Object.entries((theirs.properties ?? {}) as Json)) {
    const mine = (ours.properties ?? {})[name] as Json | undefined;
    if (mine === undefined) {
      if (ours['x-kubernetes-preserve-unknown-fields'] !== true) problems.push(`${at}.${name}: not declared (would be pruned)`);
      continue;
    }
    problems.push(...schemaCoverage(child, mine, `${at}.${name}`));
  }
  if (theirs.items && ours.items) problems.push(...schemaCoverage(theirs.items, ours.items, `${at}[]`));
  if (typeof theirs.additionalProperties === 'object') {
    if (typeof ours.additionalProperties !== 'object') problems.push(`${where}: upstream is a map, ours is not`);
    else problems.push(...schemaCoverage(theirs.additionalProperties, ours.additionalProperties, `${at}{}`));
  }
  return problems;
}
