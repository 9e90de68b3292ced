// The AnalysisRun that `create analysisrun --from/--from-file` creates, as Argo's plugin builds it
// (NewAnalysisRunFromUnstructured): the template object itself with its kind changed to
// AnalysisRun, a name or generateName, the target namespace, and the template's args with the
// given values merged in. Pure: no I/O.
import type { AnalysisRun, Argument } from '../../api/types/analysis.ts';
import { CONTROLLER_INSTANCE_ID_LABEL } from '../../conventions/labels.ts';
import { CliError, UsageError } from '../shared/errors.ts';

export interface RunFromTemplateOptions {
  namespace: string;
  /** `-a NAME=VALUE`, as written. */
  arguments: readonly string[];
  name?: string | undefined;
  generateName?: string | undefined;
  instanceId?: string | undefined;
}

export interface RunFromTemplate {
  run: AnalysisRun;
  /** `-a` names the template does not declare (Argo ignores them too). */
  ignored: string[];
}

/** Fields the API server sets; a template read from a cluster carries them and a create must not. */
const SERVER_FIELDS = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

/** `-a NAME=VALUE` (the value may contain `=`). */
export function parseArguments(written: readonly string[]): Argument[] {
  return written.map((text) => {
    const equals = text.indexOf('=');
    if (equals <= 0) throw new UsageError(`-a "${text}": arguments must be in the form NAME=VALUE`);
    return { name: text.slice(0, equals), value: text.slice(equals + 1) };
  });
}

export function analysisRunFromTemplate(
  template: Record<string, unknown>,
  options: RunFromTemplateOptions,
): RunFromTemplate {
  const given = parseArguments(options.arguments);
  const source = structuredClone(template) as {
    apiVersion?: string;
    metadata?: Record<string, unknown>;
    spec?: Record<string, unknown>;
  };
  const metadata = { ...(source.metadata ?? {}) };
  const templateName = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  for (const field of SERVER_FIELDS) delete metadata[field];
  delete metadata['name'];
  delete metadata['generateName'];
  if (options.name) metadata['name'] = options.name;
  else {
    const generateName = options.generateName || `${templateName}-`;
    if (generateName === '-')
      throw new UsageError('the template has no metadata.name to name the run after: give --name or --generate-name');
    metadata['generateName'] = generateName;
  }
  metadata['namespace'] = options.namespace;
  // As Argo's plugin: the instance id replaces the labels the template had.
  if (options.instanceId) metadata['labels'] = { [CONTROLLER_INSTANCE_ID_LABEL]: options.instanceId };

  const spec = { ...(source.spec ?? {}) };
  const { args, ignored } = mergeArguments(spec['args'], given);
  if (args.length > 0) spec['args'] = args;
  // A copy of the template's fields with kind AnalysisRun: the controller validates the run.
  const run = {
    ...source,
    apiVersion: source.apiVersion ?? 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata,
    spec,
  } as unknown as AnalysisRun;
  return { run, ignored };
}

/**
 * Argo's MergeArgs: without args in the template the given ones are the run's; otherwise each
 * given value replaces the declared argument's, and every argument must end with a value.
 */
function mergeArguments(declared: unknown, given: Argument[]): { args: Argument[]; ignored: string[] } {
  if (declared === undefined || declared === null) return { args: given, ignored: [] };
  if (!Array.isArray(declared)) throw new CliError("the template's spec.args is not a list");
  const args = (declared as Argument[]).map((arg) => ({ ...arg }));
  const ignored: string[] = [];
  for (const arg of given) {
    const found = args.find((declaredArg) => declaredArg.name === arg.name);
    if (found) found.value = arg.value;
    else ignored.push(arg.name);
  }
  const missing = args.filter((arg) => arg.value === undefined && arg.valueFrom === undefined).map((arg) => arg.name);
  if (missing.length > 0)
    throw new CliError(
      `the template's argument${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ha${missing.length > 1 ? 've' : 's'} no value: give ${missing.map((name) => `-a ${name}=VALUE`).join(' ')}`,
    );
  return { args, ignored };
}
