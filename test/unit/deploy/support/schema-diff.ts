// Walks two CRD schemas side by side (upstream's and ours) and lists every difference in the
// keywords that change what the API server stores or refuses: type, format, enum, required,
// default, list type and keys, map type, validation rules, and fields declared on one side only.
// Written independently of the generator, from the apiextensions.k8s.io/v1 schema keywords.
import type { Json } from '../../../support/json.ts';

export type Aspect =
  | 'type'
  | 'format'
  | 'enum'
  | 'required'
  | 'default'
  | 'list-type'
  | 'list-map-keys'
  | 'map-type'
  | 'validations'
  | 'field';

export interface SchemaDifference {
  /** The path in the schema: `.spec.template.spec.containers[].ports[]`, `{}` for map values. */
  path: string;
  aspect: Aspect;
  upstream: unknown;
  ours: unknown;
}

export function kindOf(node: Json): string {
  if (node['x-kubernetes-int-or-string'] === true) return 'int-or-string';
  if (typeof node.type === 'string') return node.type;
  return node['x-kubernetes-preserve-unknown-fields'] === true ? 'any' : 'untyped';
}

/** A node that keeps any value without describing it (Argo trims some Kubernetes fields to this). */
function isOpaque(node: Json): boolean {
  return (
    node['x-kubernetes-preserve-unknown-fields'] === true && node.properties === undefined && node.items === undefined
  );
}

const KEYWORDS: ReadonlyArray<[Aspect, string]> = [
  ['format', 'format'],
  ['default', 'default'],
  ['list-type', 'x-kubernetes-list-type'],
  ['list-map-keys', 'x-kubernetes-list-map-keys'],
  ['map-type', 'x-kubernetes-map-type'],
  ['validations', 'x-kubernetes-validations'],
];

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sortedOrUndefined(values: unknown): unknown {
  return Array.isArray(values) && values.length > 0 ? [...values].map(String).sort() : undefined;
}

export function schemaDifferences(upstream: Json, ours: Json, at = ''): SchemaDifference[] {
  const differences: SchemaDifference[] = [];
  const add = (aspect: Aspect, theirs: unknown, mine: unknown) =>
    differences.push({ path: at === '' ? '<root>' : at, aspect, upstream: theirs, ours: mine });
  const upstreamKind = kindOf(upstream);
  const ourKind = kindOf(ours);
  if (upstreamKind !== ourKind || isOpaque(upstream) !== isOpaque(ours)) {
    // Below a change of type the two schemas describe different things: compare no further.
    add('type', isOpaque(upstream) ? 'any value' : upstreamKind, isOpaque(ours) ? 'any value' : ourKind);
    return differences;
  }
  for (const [aspect, keyword] of KEYWORDS) {
    if (!same(upstream[keyword], ours[keyword])) add(aspect, upstream[keyword], ours[keyword]);
  }
  const [theirEnum, ourEnum] = [sortedOrUndefined(upstream.enum), sortedOrUndefined(ours.enum)];
  if (!same(theirEnum, ourEnum)) add('enum', theirEnum, ourEnum);
  const [theirRequired, ourRequired] = [sortedOrUndefined(upstream.required), sortedOrUndefined(ours.required)];
  if (!same(theirRequired, ourRequired)) add('required', theirRequired, ourRequired);

  const theirFields = (upstream.properties ?? {}) as Json;
  const ourFields = (ours.properties ?? {}) as Json;
  for (const name of [...new Set([...Object.keys(theirFields), ...Object.keys(ourFields)])].sort()) {
    const path = `${at}.${name}`;
    if (!(name in ourFields)) differences.push({ path, aspect: 'field', upstream: 'declared', ours: 'not declared' });
    else if (!(name in theirFields))
      differences.push({ path, aspect: 'field', upstream: 'not declared', ours: 'declared' });
    else differences.push(...schemaDifferences(theirFields[name], ourFields[name], path));
  }
  if (upstream.items && ours.items) differences.push(...schemaDifferences(upstream.items, ours.items, `${at}[]`));
  const theirValues = typeof upstream.additionalProperties === 'object' ? upstream.additionalProperties : undefined;
  const ourValues = typeof ours.additionalProperties === 'object' ? ours.additionalProperties : undefined;
  if (theirValues && ourValues) differences.push(...schemaDifferences(theirValues, ourValues, `${at}{}`));
  else if (theirValues || ourValues) add('type', theirValues ? 'map' : 'object', ourValues ? 'map' : 'object');
  return differences;
}

export function formatDifference(kind: string, difference: SchemaDifference): string {
  const show = (value: unknown) => (value === undefined ? '(none)' : JSON.stringify(value));
  return `${kind} ${difference.path}: ${difference.aspect} upstream ${show(difference.upstream)}, ours ${show(difference.ours)}`;
}
