// JSON text of a decoded value as Go's encoding/json writes it (map keys sorted), so a web
// measurement's `value` reads as it does with Argo.

export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((key) => `${escape(key)}:${goJson(record[key])}`).join(',')}}`;
  }
  if (typeof value === 'string') return escape(value);
  return JSON.stringify(value) ?? 'null';
}

function escape(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
