// Equality of JSON values as canonicalJson sees it (key order ignored, undefined members left out,
// undefined and non-finite numbers equal to null), without building the two strings: the
// controller compares statuses and router objects in every pass.

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const aIsObject = typeof a === 'object' && a !== null;
  const bIsObject = typeof b === 'object' && b !== null;
  if (!aIsObject || !bIsObject) return !aIsObject && !bIsObject && samePrimitive(a, b);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && sameItems(a, b);
  return sameMembers(a as Record<string, unknown>, b as Record<string, unknown>);
}

/** Two primitives that are not `===`: equal only as JSON texts (null, undefined and non-finite numbers are all null). */
function samePrimitive(a: unknown, b: unknown): boolean {
  // Two strings or two booleans have different texts; so have two finite numbers (0 and -0 are ===).
  const type = typeof a;
  if (type === typeof b && (type === 'string' || type === 'boolean')) return false;
  if (type === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b)) return false;
  return primitiveText(a) === primitiveText(b);
}

function primitiveText(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

function sameItems(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) {
    if (!jsonEqual(a[index], b[index])) return false;
  }
  return true;
}

// The own members by for-in: no array of keys made for each object compared.
function sameMembers(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let defined = 0;
  for (const key in a) {
    if (!Object.hasOwn(a, key)) continue;
    const value = a[key];
    if (value === undefined) continue;
    defined++;
    if (!Object.hasOwn(b, key) || b[key] === undefined || !jsonEqual(value, b[key])) return false;
  }
  for (const key in b) {
    if (Object.hasOwn(b, key) && b[key] !== undefined) defined--;
  }
  return defined === 0;
}
