// The only I/O of the renderer: deciding on colour for a stream, and a LiveWriter bound to it.
import type { WriteStream } from 'node:tty';
import { LiveWriter } from './live.ts';

type OutputStream = NodeJS.WritableStream & Partial<Pick<WriteStream, 'isTTY' | 'columns' | 'rows'>>;

/**
 * Colour is on for a terminal, unless `--no-color` was given, NO_COLOR is set (no-color.org) or
 * TERM is `dumb`. FORCE_COLOR turns it on for pipes.
 */
export function colourWanted(
  stream: OutputStream,
  noColorFlag: boolean,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (noColorFlag || (env.NO_COLOR ?? '') !== '' || env.TERM === 'dumb') return false;
  if ((env.FORCE_COLOR ?? '') !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** A LiveWriter on the stream, with real time and the terminal's current size. */
export function liveWriterFor(stream: OutputStream): LiveWriter {
  return new LiveWriter({
    write: (chunk) => stream.write(chunk),
    now: () => Date.now(),
    schedule: (callback, delayMs) => {
      const timer = setTimeout(callback, delayMs);
      return { cancel: () => clearTimeout(timer) };
    },
    ...(stream.columns ? { columns: stream.columns } : {}),
    ...(stream.rows ? { rows: stream.rows } : {}),
  });
}
