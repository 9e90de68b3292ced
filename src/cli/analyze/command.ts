// sluice analyze: runs an AnalysisTemplate on this machine until it ends, showing each
// measurement as it comes. Exit 0 Successful, 1 Failed or Error, 2 Inconclusive.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { JOB_NAME_KEY, LocalJobRunner, standardProviders } from '../../analysis/providers/index.ts';
import { redactor } from '../../analysis/redact.ts';
import type { AnalysisRun } from '../../api/types/analysis.ts';
import { loadManifests } from '../../api/load-manifests.ts';
import { formatIssue } from '../../api/manifests/issue.ts';
import { formatGoDuration } from '../../api/duration.ts';
import { driveAnalysisRun } from '../../runtime/analysis/run-loop.ts';
import { installProcessGroupCleanup } from '../../platform/process/process-group.ts';
import { readSources, SourceError } from '../lint/read-sources.ts';
import { CliError, UsageError } from '../shared/errors.ts';
import { listFlag, stringFlag, type ParsedFlags } from '../shared/flags.ts';
import { runParsed } from '../shared/parsed-command.ts';
import { exitCodeOf, measurementLine, summaryLines } from './render.ts';
import { selectRun, SelectionError } from './select-run.ts';
import { spec } from './spec.ts';

/** Waits at least this long are announced on the progress output. */
const LONG_WAIT_MS = 60_000;

export function run(argv: string[]): Promise<number> {
  return runParsed(spec, argv, (line) => analyze(line.flags));
}

/** `--arg name=value`, each checked. */
function argsOf(pairs: readonly string[]): Array<{ name: string; value: string }> {
  return pairs.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--arg "${pair}" must be written name=value`);
    return { name: pair.slice(0, at), value: pair.slice(at + 1) };
  });
}

async function analyze(parsed: ParsedFlags): Promise<number> {
  const filenames = listFlag(parsed, 'filename');
  const options = { output: stringFlag(parsed, 'output') === 'json' ? 'json' : 'text' };
  const args = argsOf(listFlag(parsed, 'arg'));
  let analysis;
  let secrets: Record<string, string> = {};
  try {
    const sources = readSources(filenames);
    const { objects, issues } = loadManifests(sources);
    if (issues.length > 0) {
      process.stderr.write(issues.map((issue) => `${formatIssue(issue)}\n`).join(''));
      return 1;
    }
    ({ run: analysis, secrets } = selectRun(objects, stringFlag(parsed, 'template'), args));
  } catch (error) {
    if (error instanceof SourceError || error instanceof SelectionError) throw new CliError(error.message);
    throw error;
  }

  // Everything shown goes through the redactor too, not only the run's status: --arg values of
  // secret args appear in no form on stdout or stderr.
  const redact = redactor(Object.values(secrets));
  const progressStream = options.output === 'json' ? process.stderr : process.stdout;
  const progress = { write: (text: string) => progressStream.write(redact(text)) };
  const jobState = mkdtempSync(path.join(os.tmpdir(), 'sluice-analyze-jobs-'));
  // The first SIGINT/SIGTERM/SIGHUP terminates the run (as spec.terminate does) and waits for its
  // end; a second one ends sluice at once.
  const terminate = new AbortController();
  let settled: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (settled = resolve));
  const removeShutdown = installProcessGroupCleanup({
    gracefulShutdown: async () => {
      progress.write('terminating the run (Ctrl-C again to quit at once)\n');
      terminate.abort();
      await ended;
    },
  });
  try {
    progress.write(
      `running AnalysisRun ${analysis.metadata.name}: ${analysis.spec.metrics.map((metric) => metric.name).join(', ')}\n`,
    );
    const jobRunner = new LocalJobRunner(jobState);
    const finished = await driveAnalysisRun(analysis, {
      providers: standardProviders({ jobRunner }),
      readSecret: async (ref) => secrets[ref.argName],
      onMeasurement: ({ metricName, measurement, dryRun }) =>
        progress.write(`${measurementLine(metricName, measurement, dryRun)}\n`),
      // A long interval is a long silence: say what sluice waits for and how to end it.
      onWait: (ms) => {
        if (ms >= LONG_WAIT_MS && !terminate.signal.aborted)
          progress.write(
            `waiting ${formatGoDuration(Math.ceil(ms / 1000) * 1000)} for the next measurement (Ctrl-C ends the run)\n`,
          );
      },
      terminate: terminate.signal,
    });
    await stopRunningJobs(finished, jobRunner);
    progress.write(`${summaryLines(finished).join('\n')}\n`);
    if (options.output === 'json') process.stdout.write(redact(`${JSON.stringify(finished, null, 2)}\n`));
    return exitCodeOf(finished);
  } catch (error) {
    // Unexpected: said in one line, since a stack trace could quote a secret.
    process.stderr.write(`sluice analyze: ${redact(error instanceof Error ? error.message : String(error))}\n`);
    return 1;
  } finally {
    rmSync(jobState, { recursive: true, force: true });
    settled();
    removeShutdown();
  }
}

/** Jobs still in flight when the run ends: stop them, since nothing will watch them any more. */
async function stopRunningJobs(run: AnalysisRun, runner: LocalJobRunner): Promise<void> {
  for (const result of run.status?.metricResults ?? []) {
    for (const measurement of result.measurements ?? []) {
      const name = measurement.metadata?.[JOB_NAME_KEY];
      if (name && measurement.finishedAt === undefined) await runner.stop(name);
    }
  }
}

if (import.meta.main) {
  process.exitCode = await run(process.argv.slice(2));
}
