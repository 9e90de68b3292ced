// A process's output written to a file (so it outlives the runtime, unlike a pipe) and read back
// as it grows: the file is opened for appending and handed to the process as its stdout or stderr;
// the runtime reads what was added on every change the kernel reports (inotify) and once more when
// the process has exited. An adopted process's file is followed from its current end.
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, watch, type FSWatcher } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK = 64 * 1024;

/** Past this size the file starts again from empty (kubelet rotates container logs at 10 MiB). */
export const MAX_OUTPUT_FILE_BYTES = 10 * 1024 * 1024;
/** Without inotify watches to spare, the file is looked at this often instead. */
const POLL_MS = 250;

export class FollowedOutput {
  readonly file: string;
  readonly #onText: (text: string) => void;
  readonly #maxBytes: number;
  readonly #decoder = new StringDecoder('utf8');
  #fd: number | undefined;
  #position: number;
  #watcher: FSWatcher | undefined;
  #poll: NodeJS.Timeout | undefined;

  /** Starts reading `file` at its current end. */
  constructor(file: string, onText: (text: string) => void, options: { maxBytes?: number } = {}) {
    this.file = file;
    this.#onText = onText;
    this.#maxBytes = options.maxBytes ?? MAX_OUTPUT_FILE_BYTES;
    this.#fd = openSync(file, 'r+');
    this.#position = fstatSync(this.#fd).size;
    try {
      this.#watcher = watch(file, { persistent: false }, () => this.drain());
      this.#watcher.on('error', () => undefined);
    } catch {
      this.#poll = setInterval(() => this.drain(), POLL_MS);
      this.#poll.unref();
    }
  }

  /** A descriptor for the child's stdio, appending to the file; close it once the child has it. */
  openForChild(): number {
    return openSync(this.file, 'a', 0o600);
  }

  /** The whole lines among the last `bytes` of the file (for the tail of an adopted container's stderr). */
  lastLines(bytes: number): string {
    if (this.#fd === undefined) return '';
    const start = Math.max(0, this.#position - bytes);
    const buffer = Buffer.alloc(this.#position - start);
    const text = buffer.subarray(0, readSync(this.#fd, buffer, 0, buffer.length, start)).toString('utf8');
    return start === 0 ? text : text.slice(text.indexOf('\n') + 1);
  }

  /** Reads whatever was added since the last read. */
  drain(): void {
    if (this.#fd === undefined) return;
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      let read: number;
      try {
        read = readSync(this.#fd, buffer, 0, CHUNK, this.#position);
      } catch {
        return;
      }
      if (read === 0) break;
      this.#position += read;
      const text = this.#decoder.write(buffer.subarray(0, read));
      if (text) this.#onText(text);
    }
    // The writers append (O_APPEND), so after a truncation they go on at the new end. What they
    // write between the last read and the truncation is lost, as in a log rotation.
    if (this.#position > this.#maxBytes) {
      try {
        ftruncateSync(this.#fd, 0);
        this.#position = 0;
      } catch {
        // Left to grow.
      }
    }
  }

  /** A last read, then stops following. */
  close(): void {
    this.drain();
    this.#watcher?.close();
    this.#watcher = undefined;
    clearInterval(this.#poll);
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
