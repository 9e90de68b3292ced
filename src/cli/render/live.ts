// In-place redraw for `-w`: each new frame rewrites only the lines that changed since the last
// one (cursor up, skip unchanged lines, rewrite and clear to end of line), never the whole
// screen, and at most `maxFramesPerSecond` times a second. A frame offered too soon is kept and
// written when its turn comes (only the newest one: intermediate frames are dropped).
import { truncateVisible } from './ansi.ts';

const CSI = '\x1b[';
const CLEAR_TO_END_OF_LINE = `${CSI}K`;
const CLEAR_BELOW = `${CSI}J`;
const HIDE_CURSOR = `${CSI}?25l`;
const SHOW_CURSOR = `${CSI}?25h`;

export interface Scheduled {
  cancel(): void;
}

export interface LiveWriterOptions {
  write: (chunk: string) => void;
  /** The clock, epoch ms (injected so tests run on virtual time). */
  now: () => number;
  /** Runs `callback` after `delayMs` (setTimeout in the command; a fake in tests). */
  schedule: (callback: () => void, delayMs: number) => Scheduled;
  maxFramesPerSecond?: number;
  /** Terminal size: lines are cut to `columns` and frames to `rows - 1` lines, so nothing wraps or scrolls away. */
  columns?: number;
  rows?: number;
}

export class LiveWriter {
  #options: LiveWriterOptions;
  #minIntervalMs: number;
  #shown: string[] | undefined;
  #lastWriteAt = Number.NEGATIVE_INFINITY;
  #pending: string | undefined;
  #timer: Scheduled | undefined;

  constructor(options: LiveWriterOptions) {
    this.#options = options;
    this.#minIntervalMs = 1000 / (options.maxFramesPerSecond ?? 5);
  }

  /** Shows this frame now if the rate allows, else as soon as it does. */
  offer(frame: string): void {
    this.#pending = frame;
    const wait = this.#lastWriteAt + this.#minIntervalMs - this.#options.now();
    if (wait <= 0) {
      this.#flushPending();
      return;
    }
    this.#timer ??= this.#options.schedule(() => {
      this.#timer = undefined;
      this.#flushPending();
    }, wait);
  }

  /** Writes any frame still waiting and gives the cursor back. */
  close(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#flushPending();
    if (this.#shown !== undefined) this.#options.write(SHOW_CURSOR);
  }

  #flushPending(): void {
    if (this.#pending === undefined) return;
    const frame = this.#pending;
    this.#pending = undefined;
    this.#lastWriteAt = this.#options.now();
    const lines = this.#linesOf(frame);
    const chunk =
      this.#shown === undefined ? HIDE_CURSOR + lines.map((line) => `${line}\n`).join('') : redraw(this.#shown, lines);
    this.#shown = lines;
    if (chunk !== '') this.#options.write(chunk);
  }

  #linesOf(frame: string): string[] {
    const { columns, rows } = this.#options;
    let lines = frame.replace(/\n$/, '').split('\n');
    if (rows !== undefined && rows > 1) lines = lines.slice(0, rows - 1);
    if (columns !== undefined && columns > 0) lines = lines.map((line) => truncateVisible(line, columns));
    return lines;
  }
}

/**
 * The escape sequence that turns the `shown` lines (cursor on the line below them) into `next`,
 * leaving the cursor below the new frame. Empty when nothing changed.
 */
export function redraw(shown: string[], next: string[]): string {
  if (shown.length === next.length && shown.every((line, index) => line === next[index])) return '';
  let out = shown.length > 0 ? `${CSI}${shown.length}A\r` : '';
  let skipped = 0;
  next.forEach((line, index) => {
    if (index < shown.length && shown[index] === line) {
      skipped++;
      return;
    }
    if (skipped > 0) out += `${CSI}${skipped}B`;
    skipped = 0;
    out += `${line}${CLEAR_TO_END_OF_LINE}\n`;
  });
  if (skipped > 0) out += `${CSI}${skipped}B`;
  if (next.length < shown.length) out += CLEAR_BELOW;
  return out;
}
