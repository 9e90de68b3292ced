// sluice demo: the colorapi scenario end to end on the local runtime (src/demo/). On a terminal it
// redraws a live view; otherwise (or with --ci) it prints one line per event and a summary.
// Ctrl-C stops the load, drains and stops every pod, and exits 130.
import process from 'node:process';
import { installProcessGroupCleanup } from '../../platform/process/process-group.ts';
import { runDemo } from '../../demo/run-demo.ts';
import { colourWanted, liveWriterFor } from '../render/terminal.ts';
import { numberFlag, switchFlag } from '../shared/flags.ts';
import { runParsed } from '../shared/parsed-command.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runParsed(spec, args, (line) =>
    demo({
      fast: switchFlag(line.flags, 'fast'),
      ci: switchFlag(line.flags, 'ci'),
      noColor: switchFlag(line.flags, 'no-color'),
      port: numberFlag(line.flags, 'port'),
      rate: numberFlag(line.flags, 'rate'),
    }),
  );
}

async function demo(options: {
  fast: boolean;
  ci: boolean;
  noColor: boolean;
  port: number | undefined;
  rate: number | undefined;
}): Promise<number> {
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
