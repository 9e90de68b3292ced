// toJSON and fromJSON as expr-lang gives them: Go's json.MarshalIndent(v, "", "  ") (map
// keys sorted, `<>&` escaped, floats in Go's shortest form) and json.Unmarshal into any.

import { ValueError } from '../errors.ts';
import { isDuration, isMap, isTime, nilSlice } from '../values.ts';

function goFloat(value: number): string {
  if (!Number.isFinite(value))
    throw new ValueError(`json: unsupported value: ${Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf'}`);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(value);
}

function quote(text: string): string {
  return JSON.stringify(text).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function toJson(value: unknown, indent: string, depth = 0): string {
  if (depth > 64) throw new ValueError('json: value nested too deeply');
  if (value === null || value === undefined || value === nilSlice) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return goFloat(value);
  if (typeof value === 'string') return quote(value);
  if (isTime(value)) return quote(value.toISOString());
  if (isDuration(value)) return value.nanoseconds.toString();
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + toJson(item, inner, depth + 1)).join(',\n')}\n${indent}]`;
  }
  if (isMap(value)) {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((key) => `${inner}${quote(key)}: ${toJson(value[key], inner, depth + 1)}`).join(',\n')}\n${indent}}`;
  }
  return 'null';
}

export function fromJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValueError(`fromJSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
