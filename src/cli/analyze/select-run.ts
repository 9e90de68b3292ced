// Which analysis to run from the loaded manifests: an AnalysisRun as written, or a template
// (named with --template, or the only one) turned into a run with the --arg values. An --arg for
// an arg declared with `valueFrom.secretKeyRef` is a secret: the run keeps the reference (so its
// value is never written into the run) and the value is handed over as the secret's value, hidden
// everywhere as a secret read from the cluster is.
import { buildAnalysisRunSpec, BuildRunError } from '../../analysis/build-run.ts';
import type { AnalysisRun, AnalysisTemplate, Argument, ClusterAnalysisTemplate } from '../../api/types/analysis.ts';
import type { ParsedObject } from '../../api/load-manifests.ts';

export class SelectionError extends Error {}

export interface SelectedRun {
  run: AnalysisRun;
  /** The --arg values of secret args, by arg name: what the runtime would read from the Secrets. */
  secrets: Record<string, string>;
}

type SecretKeyRef = NonNullable<NonNullable<Argument['valueFrom']>['secretKeyRef']>;

type Template = AnalysisTemplate | ClusterAnalysisTemplate;

export function selectRun(
  objects: readonly ParsedObject[],
  templateName: string | undefined,
  cliArgs: ReadonlyArray<{ name: string; value: string }>,
): SelectedRun {
  const templates = objects
    .map((parsed) => parsed.object)
    .filter(
      (object): object is Template => object.kind === 'AnalysisTemplate' || object.kind === 'ClusterAnalysisTemplate',
    );
  const runs = objects
    .map((parsed) => parsed.object)
    .filter((object): object is AnalysisRun => object.kind === 'AnalysisRun');
  if (templateName === undefined && templates.length === 0 && runs.length === 1 && runs[0])
    return fromRun(runs[0], cliArgs);
  const template = pickTemplate(templates, templateName);
  const clusterScope = template.kind === 'ClusterAnalysisTemplate';
  checkArgs(template, cliArgs);
  const lookup = (name: string, cluster: boolean) =>
    templates.find(
      (candidate) => candidate.metadata.name === name && (candidate.kind === 'ClusterAnalysisTemplate') === cluster,
    );
  const secretRefs = secretRefsOf(templates.flatMap((candidate) => candidate.spec.args ?? []));
  const secrets: Record<string, string> = {};
  const args = cliArgs.map(({ name, value }): Argument => {
    const secretKeyRef = secretRefs.get(name);
    if (!secretKeyRef) return { name, value };
    secrets[name] = value;
    return { name, valueFrom: { secretKeyRef } };
  });
  try {
    const spec = buildAnalysisRunSpec({
      templates: [{ templateName: template.metadata.name ?? '', clusterScope }],
      args,
      lookup,
    });
    const run: AnalysisRun = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisRun',
      metadata: { name: `${template.metadata.name}-analyze`, namespace: template.metadata.namespace ?? 'default' },
      spec,
    };
    return { run, secrets };
  } catch (error) {
    if (error instanceof BuildRunError)
      throw new SelectionError(
        error.message.replace(
          "give it a value in the rollout's analysis args or a default in the template",
          'pass --arg NAME=VALUE',
        ),
      );
    throw error;
  }
}

function pickTemplate(templates: readonly Template[], name: string | undefined): Template {
  const names = templates.map((template) => `${template.kind}/${template.metadata.name}`).join(', ');
  if (name !== undefined) {
    const found = templates.filter((template) => template.metadata.name === name);
    const chosen = found.find((template) => template.kind === 'AnalysisTemplate') ?? found[0];
    if (!chosen)
      throw new SelectionError(`no template named "${name}" in the files${names ? ` (found: ${names})` : ''}`);
    return chosen;
  }
  if (templates.length === 0)
    throw new SelectionError('the files hold no AnalysisTemplate, ClusterAnalysisTemplate or AnalysisRun');
  if (templates.length > 1)
    throw new SelectionError(`the files hold several templates (${names}); choose one with --template NAME`);
  return templates[0] as Template;
}

/** Args the template cannot get a value for without a cluster, and --arg names it does not declare. */
function checkArgs(template: Template, cliArgs: ReadonlyArray<{ name: string; value: string }>): void {
  const declared = template.spec.args ?? [];
  for (const { name } of cliArgs) {
    if (!declared.some((arg) => arg.name === name) && (template.spec.templates ?? []).length === 0) {
      const known = declared.map((arg) => arg.name).join(', ') || 'none';
      throw new SelectionError(
        `--arg ${name}: ${template.kind} "${template.metadata.name}" declares no argument "${name}" (declared: ${known})`,
      );
    }
  }
  const given = new Set(cliArgs.map(({ name }) => name));
  const missing = declared
    .filter((arg) => !given.has(arg.name) && arg.value === undefined)
    .map((arg) => describeMissing(arg));
  if (missing.length > 0)
    throw new SelectionError(`missing argument value${missing.length > 1 ? 's' : ''}: ${missing.join('; ')}`);
}

function describeMissing(arg: Argument): string {
  const secret = arg.valueFrom?.secretKeyRef;
  if (secret)
    return `args.${arg.name} comes from key "${secret.key}" of secret "${secret.name}", which sluice analyze cannot read: pass --arg ${arg.name}=VALUE`;
  if (arg.valueFrom?.fieldRef)
    return `args.${arg.name} comes from the rollout's field ${arg.valueFrom.fieldRef.fieldPath}: pass --arg ${arg.name}=VALUE`;
  return `args.${arg.name} has no value: pass --arg ${arg.name}=VALUE`;
}

function fromRun(run: AnalysisRun, cliArgs: ReadonlyArray<{ name: string; value: string }>): SelectedRun {
  const secrets: Record<string, string> = {};
  const args = (run.spec.args ?? []).map((arg): Argument => {
    const given = cliArgs.find(({ name }) => name === arg.name);
    if (given && arg.valueFrom?.secretKeyRef) {
      secrets[arg.name] = given.value;
      return { name: arg.name, valueFrom: { secretKeyRef: arg.valueFrom.secretKeyRef } };
    }
    return given ? { name: arg.name, value: given.value } : arg;
  });
  const missing = args.filter((arg) => arg.value === undefined && !(arg.name in secrets)).map(describeMissing);
  if (missing.length > 0)
    throw new SelectionError(`missing argument value${missing.length > 1 ? 's' : ''}: ${missing.join('; ')}`);
  const copy: AnalysisRun = { ...run, spec: { ...run.spec, args } };
  delete copy.status;
  return { run: copy, secrets };
}

/** Args declared with `valueFrom.secretKeyRef` in any of the templates, by name. */
function secretRefsOf(args: readonly Argument[]): Map<string, SecretKeyRef> {
  const refs = new Map<string, SecretKeyRef>();
  for (const arg of args) {
    const ref = arg.valueFrom?.secretKeyRef;
    if (ref && !refs.has(arg.name)) refs.set(arg.name, ref);
  }
  return refs;
}
