// Equality of JSON values as canonicalJson sees it (key order ignored, undefined members left out,
// undefined and non-finite numbers equal to null), without building the two strings: the
// controller compares statuses and router objects in every pass.

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const aIsObject = typeof a === 'object' && a !== null;
  const bIsObject = typeof b === 'object' && b !== null;
  if (!aIsObject || !bIsObject) return !aIsObject && !bIsObject && primitiveText(a) === primitiveText(b);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && sameItems(a, b);
  return sameMembers(a as Record<string, unknown>, b as Record<string, unknown>);
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

function sameMembers(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let defined = 0;
  for (const key of Object.keys(a)) {
    const value = a[key];
    if (value === undefined) continue;
    defined++;
    if (!Object.hasOwn(b, key) || b[key] === undefined || !jsonEqual(value, b[key])) return false;
  }
  for (const key of Object.keys(b)) {
    if (b[key] !== undefined) defined--;
  }
  return defined === 0;
}
