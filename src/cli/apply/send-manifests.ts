// Sends manifest files to the running local runtime (apply or delete) and prints its answer:
// one line per object, or the lint lines when the runtime refused them.
import process from 'node:process';
import { ApiError, NoRuntimeError, RuntimeClient } from '../../runtime/local/api/client.ts';
import { stateDirOf } from '../../runtime/local/api/state-files.ts';
import { readSourcesOrSay } from '../lint/command.ts';
import type { CommandSpec } from '../shared/command-spec.ts';
import { CliError } from '../shared/errors.ts';
import { listFlag, stringFlag } from '../shared/flags.ts';
import { runParsed } from '../shared/parsed-command.ts';

export function sendManifests(spec: CommandSpec & { name: 'apply' | 'delete' }, args: string[]): Promise<number> {
  const command = spec.name;
  return runParsed(spec, args, async (line) => {
    const filenames = listFlag(line.flags, 'filename');
    const stateDir = stateDirOf(stringFlag(line.flags, 'state-dir'), process.env);
    const sources = readSourcesOrSay(filenames);
    if (sources.length === 0) throw new CliError(`no *.yaml, *.yml or *.json files found in ${filenames.join(', ')}`);
    try {
      const client = RuntimeClient.connect(stateDir);
      const answer = await client.post<{ results: string[]; warnings: string[] }>(`/api/v1/${command}`, { sources });
      process.stdout.write([...answer.results, ...answer.warnings].map((text) => `${text}\n`).join(''));
      return 0;
    } catch (error) {
      if (error instanceof ApiError && error.issues.length > 0) {
        process.stdout.write(error.issues.map((text) => `${text}\n`).join(''));
        throw new CliError('refused, nothing was changed');
      }
      if (error instanceof NoRuntimeError || error instanceof ApiError) throw new CliError(error.message);
      throw error;
    }
  });
}
