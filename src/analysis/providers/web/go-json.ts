// JSON as Go's encoding/json reads and writes it, so a web measurement's `value` reads as it
// does with Argo: decoding into interface{} (a number out of float64's range is not JSON, a lone
// surrogate escape becomes U+FFFD), and encoding (map keys sorted by bytes, <, >, & escaped).

/** Go's json.Unmarshal into interface{}: the value, or undefined when Go would refuse the text. */
export function decodeGoJson(text: string): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  let valid = true;
  const clean = (item: unknown): unknown => {
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) valid = false;
      return item;
    }
    if (typeof item === 'string') return item.toWellFormed();
    if (Array.isArray(item)) return item.map(clean);
    if (item !== null && typeof item === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(item)) out[key.toWellFormed()] = clean(child);
      return out;
    }
    return item;
  };
  value = clean(value);
  return valid ? { value } : undefined;
}

export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort(byCodePoint)
      .map((key) => `${escape(key)}:${goJson(record[key])}`)
      .join(',')}}`;
  }
  if (typeof value === 'string') return escape(value);
  if (Object.is(value, -0)) return '-0';
  return JSON.stringify(value) ?? 'null';
}

function byCodePoint(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const difference = (left[index] as string).codePointAt(0)! - (right[index] as string).codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

function escape(text: string): string {
  return (
    JSON.stringify(text)
      .replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
      // A lone surrogate stands for a byte that is not UTF-8, which Go writes as \ufffd.
      .replace(/\\(\\|ud[89a-f][0-9a-f]{2})/g, (sequence, escaped: string) => (escaped === '\\' ? sequence : '\\ufffd'))
  );
}
