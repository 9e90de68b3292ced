// sluice demo: the colorapi scenario end to end on the local runtime (src/demo/). On a terminal it
// redraws a live view; otherwise (or with --ci) it prints one line per event and a summary.
// Ctrl-C stops the load, drains and stops every pod, and exits 130.
import process from 'node:process';
import { installProcessGroupCleanup } from '../../platform/process/process-group.ts';
import { runDemo } from '../../demo/run-demo.ts';
import { colourWanted, liveWriterFor } from '../render/terminal.ts';
import { ArgumentError, DEMO_HELP, parseDemoArguments } from './arguments.ts';

export async function run(args: string[]): Promise<number> {
  let options;
  try {
    options = parseDemoArguments(args);
  } catch (error) {
    if (error instanceof ArgumentError) {
      process.stderr.write(`sluice demo: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${DEMO_HELP}\n`);
    return 0;
  }
  const stdout = process.stdout;
  const live = !options.ci && stdout.isTTY === true;
  const interruption = new AbortController();
  let finished: Promise<number> | undefined;
  const removeShutdown = installProcessGroupCleanup({
    gracefulShutdown: async () => {
      interruption.abort();
      await finished;
    },
  });
  try {
    finished = runDemo({
      fast: options.fast,
      live,
      color: colourWanted(stdout, options.noColor),
      ...(options.port !== undefined ? { gatewayPort: options.port } : {}),
      ...(options.rate !== undefined ? { ratePerSecond: options.rate } : {}),
      write: (text) => stdout.write(text),
      ...(live ? { liveWriter: liveWriterFor(stdout), terminal: { columns: stdout.columns, rows: stdout.rows } } : {}),
      signal: interruption.signal,
    });
    return await finished;
  } finally {
    removeShutdown();
  }
}
