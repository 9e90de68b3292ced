// sluice lint: validates manifests as the API server and Argo Rollouts would.
import process from 'node:process';
import { loadManifests } from '../../api/load-manifests.ts';
import { compareIssues, formatIssue, hasErrors } from '../../api/manifests/issue.ts';
import { ArgumentError, LINT_HELP, parseLintArguments } from './arguments.ts';
import { readSources, SourceError } from './read-sources.ts';
import { conditionIssues } from './condition-issues.ts';

export async function run(args: string[]): Promise<number> {
  try {
    const options = parseLintArguments(args);
    if (options.help) {
      process.stdout.write(`${LINT_HELP}\n`);
      return 0;
    }
    const sources = readSources(options.filenames);
    if (sources.length === 0) {
      process.stderr.write(`sluice lint: no *.yaml, *.yml or *.json files found in ${options.filenames.join(', ')}\n`);
      return 1;
    }
    const loaded = loadManifests(sources);
    const { objects } = loaded;
    const issues = [...loaded.issues, ...conditionIssues(objects)].sort(compareIssues);
    process.stdout.write(issues.map((issue) => `${formatIssue(issue)}\n`).join(''));
    if (hasErrors(issues)) return 1;
    const warnings = issues.length > 0 ? ` (${issues.length} warning${issues.length === 1 ? '' : 's'})` : '';
    process.stdout.write(`ok: ${objects.length} objects in ${sources.length} files${warnings}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ArgumentError || error instanceof SourceError) {
      process.stderr.write(`sluice lint: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
