// Sends manifest files to the running local runtime (apply or delete) and prints its answer:
// one line per object, or the lint lines when the runtime refused them.
import process from 'node:process';
import { ApiError, NoRuntimeError, RuntimeClient } from '../../runtime/local/api/client.ts';
import { readSources, SourceError } from '../lint/read-sources.ts';
import { ArgumentError, parseManifestCommandArguments } from './arguments.ts';

export async function sendManifests(command: 'apply' | 'delete', args: string[], help: string): Promise<number> {
  try {
    const options = parseManifestCommandArguments(command, args, process.env);
    if (options.help) {
      process.stdout.write(`${help}\n`);
      return 0;
    }
    const sources = readSources(options.filenames);
    if (sources.length === 0) {
      process.stderr.write(`sluice ${command}: no *.yaml, *.yml or *.json files found in ${options.filenames.join(', ')}\n`);
      return 1;
    }
    const client = RuntimeClient.connect(options.stateDir);
    const answer = await client.post<{ results: string[]; warnings: string[] }>(`/api/v1/${command}`, { sources });
    process.stdout.write([...answer.results, ...answer.warnings].map((line) => `${line}\n`).join(''));
    return 0;
  } catch (error) {
    if (error instanceof ApiError && error.issues.length > 0) {
      process.stdout.write(error.issues.map((line) => `${line}\n`).join(''));
      process.stderr.write(`sluice ${command}: refused, nothing was changed\n`);
      return 1;
    }
    if (error instanceof ArgumentError || error instanceof SourceError || error instanceof NoRuntimeError || error instanceof ApiError) {
      process.stderr.write(`sluice ${command}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
