// `{{args.name}}` substitution in a metric; secret argument values are hidden by redact.ts.
// As Argo, every string of the metric (query, url, headers, jsonPath, conditions, job spec, map
// keys, count given as a string...) is a template: each `{{ ... }}` must name a declared argument
// with a value, spaces inside the braces are allowed, and anything else is an error.
import type { Argument, Metric } from '../api/types/analysis.ts';

export { REDACTED, redactor } from './redact.ts';

export class ArgsError extends Error {
  override name = 'ArgsError';
}

/** Argument name -> value; `undefined` when the argument is declared but has no value. */
export type ArgValues = ReadonlyMap<string, string | undefined>;

export interface RunArgs {
  values: ArgValues;
  /** Values that came from Secrets: never written to status, messages, events or logs. */
  secretValues: string[];
}

/** Secret values the runtime read for `valueFrom.secretKeyRef` args, by argument name. */
export type SecretValues = Readonly<Record<string, string>>;

/** Where the runtime must read the run's secret arguments from. */
export interface SecretArgRef {
  argName: string;
  secretName: string;
  key: string;
}

export function secretArgRefs(args: readonly Argument[] | undefined): SecretArgRef[] {
  return (args ?? []).flatMap((arg) => {
    const ref = arg.valueFrom?.secretKeyRef;
    return ref ? [{ argName: arg.name, secretName: ref.name, key: ref.key }] : [];
  });
}

/**
 * The run's argument values. Secret arguments take their value from `secrets`; when a secret is
 * not given (e.g. only validating), `placeholderForMissingSecrets` stands in, otherwise it is an error.
 */
export function runArgs(
  args: readonly Argument[] | undefined,
  secrets: SecretValues | undefined,
  placeholderForMissingSecrets?: string,
): RunArgs {
  const values = new Map<string, string | undefined>();
  const secretValues: string[] = [];
  for (const arg of args ?? []) {
    const ref = arg.valueFrom?.secretKeyRef;
    if (ref) {
      if (arg.value !== undefined)
        throw new ArgsError(`args.${arg.name} has both value and valueFrom; keep one of them`);
      const secret = secrets?.[arg.name];
      if (secret === undefined) {
        if (placeholderForMissingSecrets === undefined) {
          throw new ArgsError(
            `args.${arg.name}: the value of key "${ref.key}" in secret "${ref.name}" is not available; check that the secret exists in the run's namespace and has that key`,
          );
        }
        values.set(arg.name, placeholderForMissingSecrets);
      } else {
        values.set(arg.name, secret);
        secretValues.push(secret);
      }
    } else {
      values.set(arg.name, arg.value);
    }
  }
  return { values, secretValues };
}

/** Replaces every `{{args.name}}` / `{{ args.name }}` in one string; `where` names the field for errors. */
export function substituteArgs(text: string, values: ArgValues, where: string): string {
  let output = '';
  let position = 0;
  for (;;) {
    const open = text.indexOf('{{', position);
    if (open < 0) return output + text.slice(position);
    const close = text.indexOf('}}', open + 2);
    if (close < 0) throw new ArgsError(`${where}: "{{" at offset ${open} is not closed with "}}"`);
    const tag = text.slice(open + 2, close).trim();
    output += text.slice(position, open) + argValue(tag, values, where);
    position = close + 2;
  }
}

function argValue(tag: string, values: ArgValues, where: string): string {
  const match = /^args\.(.+)$/.exec(tag);
  if (!match) throw new ArgsError(`${where}: {{${tag}}} is not an argument reference; write {{args.<name>}}`);
  const name = match[1] ?? '';
  if (!values.has(name))
    throw new ArgsError(
      `${where}: {{args.${name}}} refers to an argument that is not declared; add it to the template's spec.args`,
    );
  const value = values.get(name);
  if (value === undefined)
    throw new ArgsError(
      `${where}: args.${name} has no value; give it a value in the template or in the rollout's analysis args`,
    );
  return value;
}

/** The metric with every argument reference replaced, in every string and map key. */
export function resolveMetricArgs(metric: Metric, values: ArgValues, where = `metric "${metric.name}"`): Metric {
  return substituteDeep(metric, values, where) as Metric;
}

function substituteDeep(node: unknown, values: ArgValues, path: string): unknown {
  if (typeof node === 'string') return substituteArgs(node, values, path);
  if (Array.isArray(node)) return node.map((item, index) => substituteDeep(item, values, `${path}[${index}]`));
  if (node !== null && typeof node === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const fieldPath = `${path}.${key}`;
      copy[substituteArgs(key, values, fieldPath)] = substituteDeep(value, values, fieldPath);
    }
    return copy;
  }
  return node;
}
