// What Argo's web provider makes of a 2xx response body (webmetric.parseResponse): a body that
// is not JSON is the value itself (Successful); otherwise the jsonPath's first value is the
// condition's `result` and its Go JSON text the measurement's `value`.
import { decodeGoJson, goJson } from './go-json.ts';
import type { CompiledJsonPath } from './jsonpath.ts';

export type WebResponseValue = { kind: 'raw'; value: string } | { kind: 'value'; result: unknown; value: string };

/** Throws an Error with Argo's wording when the path finds nothing or fails. */
export function webResponseValue(path: CompiledJsonPath, body: string): WebResponseValue {
  const decoded = decodeGoJson(body);
  if (!decoded) return { kind: 'raw', value: body };
  let found: unknown[];
  try {
    found = path.find(decoded.value);
  } catch (error) {
    throw new Error(`Could not find JSONPath in body: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (found.length === 0)
    throw new Error(`result of web metric produced no value: ${path.source} selects nothing in the body`);
  const result = found[0] ?? null;
  return { kind: 'value', result, value: goJson(result) };
}
