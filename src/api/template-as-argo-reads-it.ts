// A Rollout's pod template as Argo Rollouts' controller reads it when the template holds a
// malformed resource quantity (`memory: invalid`), which the CRD stores as written. Argo's tolerant
// informer then decodes the Rollout with encoding/json, which fills the typed object in the order
// of the stored object's keys (sorted) and stops at the first value it cannot decode: the template
// it deploys keeps what comes before that quantity and loses the quantity and everything after it
// (the other requests, later containers, the pod spec's later fields such as ephemeralContainers).
// Read the same way, such a Rollout deploys as it does with Argo (its TestMalformedRollout) instead
// of being held with InvalidSpec. Pure.
import type { PodTemplateSpec } from './types/pod.ts';
import type { PathSegment } from './manifests/field-path.ts';
import { PodTemplateSpec as PodTemplateSchema } from './schema/kubernetes.ts';
import { resolved, type Schema } from './schema/vocabulary.ts';
import { isQuantity } from './validation/structural.ts';

export interface TemplateRead {
  template: PodTemplateSpec;
  /** The path (under the template) of the malformed quantity where reading stopped; none when the template is well formed. */
  stoppedAt?: PathSegment[];
}

export function templateAsArgoReadsIt(template: PodTemplateSpec): TemplateRead {
  const read = readUntilMalformed(template, PodTemplateSchema, []);
  if (!read.stoppedAt) return { template };
  return { template: (read.value ?? {}) as PodTemplateSpec, stoppedAt: read.stoppedAt };
}

interface Read {
  /** What was read; undefined when nothing of this value was kept. */
  value: unknown;
  stoppedAt?: PathSegment[];
}

function readUntilMalformed(value: unknown, schema: Schema, path: PathSegment[]): Read {
  const concrete = resolved(schema);
  if (concrete.type === 'quantity')
    return value === null || value === undefined || isQuantity(value)
      ? { value }
      : { value: undefined, stoppedAt: path };
  if (concrete.type === 'array' && Array.isArray(value)) {
    const out: unknown[] = [];
    for (const [index, item] of value.entries()) {
      const read = readUntilMalformed(item, concrete.items, [...path, index]);
      // As Go grows a slice before it decodes into the new element, a partly read item stays.
      out.push(read.value ?? {});
      if (read.stoppedAt) return { value: out, stoppedAt: read.stoppedAt };
    }
    return { value: out };
  }
  if ((concrete.type === 'object' || concrete.type === 'map') && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = concrete.type === 'map' ? concrete.values : concrete.properties[key];
      if (!child) {
        out[key] = value[key];
        continue;
      }
      const read = readUntilMalformed(value[key], child, [...path, key]);
      // The malformed quantity itself is left out (a map entry is set only once its value is read).
      if (read.value !== undefined) out[key] = read.value;
      if (read.stoppedAt) return { value: out, stoppedAt: read.stoppedAt };
    }
    return { value: out };
  }
  return { value };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
