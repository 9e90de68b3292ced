// `sluice create -f FILE...` creates the objects of files, as Argo's plugin (Rollouts, Experiments,
// templates, AnalysisRuns; -w then watches the Rollout), and the ConfigMaps and Secrets pods read,
// Services and apps/v1 Deployments, as kubectl would. `sluice create analysisrun` reads a template (from the
// target or a file), builds the run as Argo's plugin does (run-from-template.ts) and creates it.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { parseAllDocuments } from 'yaml';
import { formatIssue, loadManifests, readManifests } from '../../api/load-manifests.ts';
import { unnamedObjectIssues } from '../../api/local-names.ts';
import { CliError, UsageError } from '../shared/errors.ts';
import type { CommandLine } from '../shared/command-line.ts';
import { listFlag, stringFlag, switchFlag } from '../shared/flags.ts';
import { runWithTarget, type CommandContext } from '../shared/run-command.ts';
import { configProblemLines } from '../../runtime/local/config/config-objects.ts';
import { LocalTarget } from '../target/local-target.ts';
import { CREATABLE_APPS_KINDS, CREATABLE_CORE_KINDS, CREATABLE_KINDS, type CreatableObject } from '../target/target.ts';
import { analysisRunFromTemplate, parseArguments } from './run-from-template.ts';
import { spec } from './spec.ts';

const TEMPLATE_KINDS = ['AnalysisTemplate', 'ClusterAnalysisTemplate'];

interface CreateRequest {
  from?: string | undefined;
  fromFile?: string | undefined;
  /** `create -f`: the files, and -w. */
  files?: string[];
  watch?: boolean;
}

/** What the command line asks for: the objects of files (`create -f`), or a run (`create analysisrun`). */
export function parseCreateRequest(line: CommandLine): CreateRequest {
  const parsed = line.flags;
  if (line.path.length === 1) {
    const files = listFlag(parsed, 'filename');
    const watch = switchFlag(parsed, 'watch');
    if (watch && files.length > 1) throw new UsageError('-w watches one resource: give one file with -w');
    return { files, watch };
  }
  const from = stringFlag(parsed, 'from');
  const fromFile = stringFlag(parsed, 'from-file');
  if ((from === undefined) === (fromFile === undefined))
    throw new UsageError('give one of --from NAME or --from-file FILE');
  if (stringFlag(parsed, 'name') && stringFlag(parsed, 'generate-name'))
    throw new UsageError('give --name or --generate-name, not both');
  parseArguments(listFlag(parsed, 'argument'));
  return { from, fromFile };
}

export function run(args: string[]): Promise<number> {
  return runWithTarget(
    spec,
    args,
    (_words, _parsed, line) => parseCreateRequest(line),
    async (context, request) => {
      if (request.files) return createFromFiles(context, request.files, request.watch ?? false);
      const template =
        request.fromFile !== undefined
          ? templateFromFile(request.fromFile)
          : await templateFromTarget(context, request.from ?? '');
      const { run: object, ignored } = analysisRunFromTemplate(template, {
        namespace: context.namespace,
        arguments: listFlag(context.parsed, 'argument'),
        name: stringFlag(context.parsed, 'name'),
        generateName: stringFlag(context.parsed, 'generate-name'),
        instanceId: stringFlag(context.parsed, 'instance-id'),
      });
      if (ignored.length > 0)
        process.stderr.write(
          `sluice create: warning: the template declares no argument ${ignored.join(', ')}; ignored\n`,
        );
      const created = await context.target.createAnalysisRun(context.namespace, object);
      context.out.write(`analysisrun.argoproj.io/${created.metadata.name ?? ''} created\n`);
      return 0;
    },
  );
}

/** Every object of the files, checked before any is created. */
async function createFromFiles(context: CommandContext, files: string[], watch: boolean): Promise<number> {
  const texts = files.map((file) => ({ file, text: readText(file) }));
  const objects = texts.flatMap(({ file, text }) => creatableObjects(file, text, context.namespace));
  // Checked here, on the text as written, so that a problem is reported at its line of the file
  // (the target is sent each object alone, re-encoded, whose lines are not the file's).
  const errors = loadManifests(texts, { withoutReferences: true }).issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0)
    throw new CliError(`the manifests are invalid: nothing was created:\n${errors.map(formatIssue).join('\n')}`);
  // What the API server refuses in ConfigMaps and Secrets (data not base64), and locally an object
  // without a name: the local runtime generates names for AnalysisRuns only.
  const refused = [
    ...configProblemLines(texts),
    ...(context.target instanceof LocalTarget
      ? unnamedObjectIssues(readManifests(texts).documents).map(formatIssue)
      : []),
  ];
  if (refused.length > 0) throw new CliError(`the manifests are invalid: nothing was created:\n${refused.join('\n')}`);
  if (watch && objects.length === 1 && objects[0]?.object.kind === 'Experiment')
    throw new UsageError(
      '-w watches a Rollout, not an Experiment: create it without -w, then follow it with sluice get experiment NAME -w',
    );
  if (watch && (objects.length !== 1 || objects[0]?.object.kind !== 'Rollout'))
    throw new UsageError('-w watches a Rollout: give one file holding one Rollout');
  let lastName = '';
  for (const { object, file } of objects) {
    lastName = await context.target.createObject(object, file);
    context.out.write(`${createdKind(object.kind)}/${lastName} created\n`);
  }
  if (!watch) return 0;
  const { watchRollout } = await import('../get/rollout.ts');
  return watchRollout(context, lastName);
}

/** How a created object is named in the line kubectl and Argo's plugin print: `rollout.argoproj.io`, `configmap`, `deployment.apps`. */
function createdKind(kind: CreatableObject['kind']): string {
  if ((CREATABLE_CORE_KINDS as readonly string[]).includes(kind)) return kind.toLowerCase();
  if ((CREATABLE_APPS_KINDS as readonly string[]).includes(kind)) return `${kind.toLowerCase()}.apps`;
  return `${kind.toLowerCase()}.argoproj.io`;
}

/** The objects `create -f` accepts from one file, in the namespace they name or `namespace`. */
export function creatableObjects(
  file: string,
  text: string,
  namespace: string,
): Array<{ object: CreatableObject; file: string }> {
  return parseDocuments(file, text).map((document) => {
    const kind = String(document['kind'] ?? '');
    const apiVersion = String(document['apiVersion'] ?? '');
    const group = apiVersion.split('/')[0] ?? '';
    const argo = group === 'argoproj.io' && (CREATABLE_KINDS as readonly string[]).includes(kind);
    const core = apiVersion === 'v1' && (CREATABLE_CORE_KINDS as readonly string[]).includes(kind);
    const apps = apiVersion === 'apps/v1' && (CREATABLE_APPS_KINDS as readonly string[]).includes(kind);
    if (!argo && !core && !apps) {
      throw new CliError(
        `${file}: create -f makes Rollouts, Experiments, AnalysisTemplates, ClusterAnalysisTemplates, AnalysisRuns, ConfigMaps, Secrets, Services and apps/v1 Deployments, not ${group || '(no apiVersion)'}/${kind || '(no kind)'}: use sluice apply -f locally or kubectl create -f on a cluster`,
      );
    }
    const metadata = { ...((document['metadata'] as Record<string, unknown> | undefined) ?? {}) };
    if (kind === 'ClusterAnalysisTemplate') delete metadata['namespace'];
    else
      metadata['namespace'] =
        typeof metadata['namespace'] === 'string' && metadata['namespace'] !== '' ? metadata['namespace'] : namespace;
    return { object: { ...document, metadata } as CreatableObject, file };
  });
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function templateFromTarget(context: CommandContext, name: string): Promise<Record<string, unknown>> {
  return context.target.analysisTemplate(switchFlag(context.parsed, 'global') ? undefined : context.namespace, name);
}

/** The one AnalysisTemplate or ClusterAnalysisTemplate of a YAML or JSON file. */
export function templateFromFile(file: string): Record<string, unknown> {
  return templateFromText(file, readText(file));
}

export function templateFromText(file: string, text: string): Record<string, unknown> {
  const documents = parseDocuments(file, text);
  const templates = documents.filter((document) => TEMPLATE_KINDS.includes(String(document['kind'])));
  if (templates.length === 1 && templates[0]) return templates[0];
  if (templates.length === 0) throw new CliError(`${file} holds no AnalysisTemplate or ClusterAnalysisTemplate`);
  const names = templates.map((template) =>
    String((template['metadata'] as { name?: string } | undefined)?.name ?? '(no name)'),
  );
  throw new CliError(
    `${file} holds ${templates.length} templates (${names.join(', ')}): put the one to run in a file of its own`,
  );
}

function parseDocuments(file: string, text: string): Array<Record<string, unknown>> {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  if (text.trimStart().startsWith('{')) {
    try {
      const value = JSON.parse(text) as unknown;
      return isObject(value) ? [value] : [];
    } catch (error) {
      throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
  }
  const documents = parseAllDocuments(text);
  const broken = documents.find((document) => document.errors.length > 0);
  if (broken) throw new CliError(`${file} is not valid YAML: ${broken.errors[0]?.message ?? 'parse error'}`);
  return documents.map((document) => document.toJS() as unknown).filter(isObject);
}
