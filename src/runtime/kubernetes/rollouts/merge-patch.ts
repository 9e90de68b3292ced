// The JSON merge patch (RFC 7386) that turns one object into another: changed fields set, removed
// fields null, lists replaced whole. Used to write only what changed, with the resourceVersion read
// as a precondition.

import { jsonEqual } from '../../../api/json-equal.ts';

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The merge patch from `from` to `to`; undefined when they are equal. */
export function mergePatchBetween(from: Json, to: Json): Json | undefined {
  if (!isObject(from) || !isObject(to)) return jsonEqual(from, to) ? undefined : to;
  // Made only once a field differs: most passes write nothing, and their comparison allocates nothing.
  let patch: Record<string, Json> | undefined;
  // Own members by for-in: no array of keys made per object either.
  for (const key in from) {
    if (Object.hasOwn(from, key) && from[key] !== undefined && to[key] === undefined) (patch ??= {})[key] = null;
  }
  for (const key in to) {
    if (!Object.hasOwn(to, key)) continue;
    const value = to[key];
    if (value === undefined) continue;
    const change = from[key] === undefined ? value : mergePatchBetween(from[key], value);
    if (change !== undefined) (patch ??= {})[key] = change;
  }
  return patch;
}
