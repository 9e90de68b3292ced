// sluice lint: validates manifests as the API server and Argo Rollouts would.
import process from 'node:process';
import { loadManifests } from '../../api/load-manifests.ts';
import { compareIssues, formatIssue, hasErrors } from '../../api/manifests/issue.ts';
import { formatNote, runtimeRouting, type Runtime } from '../../api/runtime-routing.ts';
import { CliError } from '../shared/errors.ts';
import { listFlag, stringFlag } from '../shared/flags.ts';
import { runParsed } from '../shared/parsed-command.ts';
import { conditionIssues } from './condition-issues.ts';
import { notificationIssues } from './notification-issues.ts';
import { readSources, SourceError } from './read-sources.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runParsed(spec, args, async (line) => {
    const filenames = listFlag(line.flags, 'filename');
    const sources = readSourcesOrSay(filenames);
    if (sources.length === 0) throw new CliError(`no *.yaml, *.yml or *.json files found in ${filenames.join(', ')}`);
    const loaded = loadManifests(sources);
    const { objects } = loaded;
    const notifications = notificationIssues(sources, objects);
    // The choices of --runtime are checked by the parser.
    const runtime = stringFlag(line.flags, 'runtime') as Runtime | undefined;
    const routing = runtime ? runtimeRouting(objects, runtime) : { notes: [], issues: [] };
    const issues = [
      ...loaded.issues.filter((issue) => !notifications.readHere(issue)),
      ...conditionIssues(objects),
      ...notifications.issues,
      ...routing.issues,
    ].sort(compareIssues);
    process.stdout.write(issues.map((issue) => `${formatIssue(issue)}\n`).join(''));
    process.stdout.write(routing.notes.map((note) => `${formatNote(note)}\n`).join(''));
    if (hasErrors(issues)) return 1;
    const warnings = issues.length > 0 ? ` (${issues.length} warning${issues.length === 1 ? '' : 's'})` : '';
    process.stdout.write(`ok: ${objects.length} objects in ${sources.length} files${warnings}\n`);
    return 0;
  });
}

/** The files named, or the sentence that says which one cannot be read. */
export function readSourcesOrSay(filenames: readonly string[]): ReturnType<typeof readSources> {
  try {
    return readSources(filenames);
  } catch (error) {
    if (error instanceof SourceError) throw new CliError(error.message);
    throw error;
  }
}
