// `-o json` and `-o yaml`: the objects themselves, as the API returns them.
import { stringify } from 'yaml';

export type ObjectFormat = 'json' | 'yaml';

export function isObjectFormat(value: string): value is ObjectFormat {
  return value === 'json' || value === 'yaml';
}

/**
 * One object prints as itself; several as a `v1` List (JSON) or as YAML documents separated by
 * `---`, as kubectl prints them.
 */
export function renderObjects(objects: unknown[], format: ObjectFormat): string {
  if (format === 'json') {
    const value = objects.length === 1 ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects, metadata: {} };
    return `${JSON.stringify(value, null, 2)}\n`;
  }
  return objects.map((object) => stringify(object, { lineWidth: 0 })).join('---\n');
}
