// `sluice create analysisrun`: reads the template (from the target or a file), builds the run as
// Argo's plugin does (run-from-template.ts) and creates it on the target.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { parseAllDocuments } from 'yaml';
import { CliError, UsageError } from '../shared/errors.ts';
import { listFlag, stringFlag, switchFlag, type ParsedFlags } from '../shared/flags.ts';
import { runWithTarget, type CommandContext } from '../shared/run-command.ts';
import { analysisRunFromTemplate, parseArguments } from './run-from-template.ts';
import { spec } from './spec.ts';

const RUN_WORDS = ['analysisrun', 'analysisruns', 'ar'];
const TEMPLATE_KINDS = ['AnalysisTemplate', 'ClusterAnalysisTemplate'];

interface CreateRequest {
  from?: string | undefined;
  fromFile?: string | undefined;
}

export function parseCreateWords(words: string[], parsed: ParsedFlags): CreateRequest {
  const [kind, ...rest] = words;
  if (!kind || !RUN_WORDS.includes(kind) || rest.length > 0) {
    throw new UsageError(`write sluice ${spec.usage} (creating other kinds from files is sluice apply -f FILE locally, kubectl create -f FILE on a cluster)`);
  }
  const from = stringFlag(parsed, 'from');
  const fromFile = stringFlag(parsed, 'from-file');
  if ((from === undefined) === (fromFile === undefined)) throw new UsageError('give one of --from NAME or --from-file FILE');
  if (stringFlag(parsed, 'name') && stringFlag(parsed, 'generate-name')) throw new UsageError('give --name or --generate-name, not both');
  parseArguments(listFlag(parsed, 'argument'));
  return { from, fromFile };
}

export function run(args: string[]): Promise<number> {
  return runWithTarget(spec, args, parseCreateWords, async (context, request) => {
    const template = request.fromFile !== undefined ? templateFromFile(request.fromFile) : await templateFromTarget(context, request.from ?? '');
    const { run: object, ignored } = analysisRunFromTemplate(template, {
      namespace: context.namespace,
      arguments: listFlag(context.parsed, 'argument'),
      name: stringFlag(context.parsed, 'name'),
      generateName: stringFlag(context.parsed, 'generate-name'),
      instanceId: stringFlag(context.parsed, 'instance-id'),
    });
    if (ignored.length > 0) process.stderr.write(`sluice create: warning: the template declares no argument ${ignored.join(', ')}; ignored\n`);
    const created = await context.target.createAnalysisRun(context.namespace, object);
    context.out.write(`analysisrun.argoproj.io/${created.metadata.name ?? ''} created\n`);
    return 0;
  });
}

function templateFromTarget(context: CommandContext, name: string): Promise<Record<string, unknown>> {
  return context.target.analysisTemplate(switchFlag(context.parsed, 'global') ? undefined : context.namespace, name);
}

/** The one AnalysisTemplate or ClusterAnalysisTemplate of a YAML or JSON file. */
export function templateFromFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return templateFromText(file, text);
}

export function templateFromText(file: string, text: string): Record<string, unknown> {
  const documents = parseDocuments(file, text);
  const templates = documents.filter((document) => TEMPLATE_KINDS.includes(String(document['kind'])));
  if (templates.length === 1 && templates[0]) return templates[0];
  if (templates.length === 0) throw new CliError(`${file} holds no AnalysisTemplate or ClusterAnalysisTemplate`);
  const names = templates.map((template) => String((template['metadata'] as { name?: string } | undefined)?.name ?? '(no name)'));
  throw new CliError(`${file} holds ${templates.length} templates (${names.join(', ')}): put the one to run in a file of its own`);
}

function parseDocuments(file: string, text: string): Array<Record<string, unknown>> {
  const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
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
