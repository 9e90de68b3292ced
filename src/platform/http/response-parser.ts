// Incremental parser of one HTTP/1.x response on a connection: collects the head however the bytes
// are split, skips interim 1xx answers, then delimits the body by Content-Length, the chunked coding
// or the connection's end. Body data is handed on as views of the received chunks, without copying.
import { ChunkedDecoder } from './chunked-decoder.ts';
import { parseResponseHead, ResponseParseError, type ResponseHead } from './response-head.ts';

export interface ResponseEvents {
  onHead(head: ResponseHead): void;
  onData(chunk: Buffer): void;
  /** The response is complete. */
  onEnd(): void;
}

/** Node's own limit for a response head is 16 KiB; a proxy allows a little more. */
export const MAX_HEAD_BYTES = 64 * 1024;

const HEAD = 0;
const LENGTH = 1;
const CHUNKED = 2;
const UNTIL_CLOSE = 3;
const DONE = 4;

const LF = 10;
const CR = 13;

/** Index just past the empty line that ends a head in `buffer`, or -1. Bare LFs are accepted. */
export function endOfHead(buffer: Buffer, from: number): number {
  let lf = buffer.indexOf(LF, from);
  while (lf >= 0) {
    const next = buffer[lf + 1];
    if (next === LF) return lf + 2;
    if (next === CR && buffer[lf + 2] === LF) return lf + 3;
    if (next === undefined || (next === CR && lf + 2 >= buffer.length)) return -1;
    lf = buffer.indexOf(LF, lf + 1);
  }
  return -1;
}

export class ResponseParser {
  readonly #events: ResponseEvents;
  #bodiless = false;
  #state = HEAD;
  #pending: Buffer | undefined;
  #remaining = 0;
  #chunked: ChunkedDecoder | undefined;
  #extra = false;
  readonly #onData: (data: Buffer) => void;

  constructor(events: ResponseEvents, method: string) {
    this.#events = events;
    this.#bodiless = method === 'HEAD';
    this.#onData = (data) => this.#events.onData(data);
  }

  get complete(): boolean {
    return this.#state === DONE;
  }

  /** Whether bytes arrived after the complete response (the connection cannot be trusted again). */
  get extraBytes(): boolean {
    return this.#extra;
  }

  /** Feeds received bytes. Throws ResponseParseError on malformed input. */
  feed(chunk: Buffer): void {
    if (chunk.length === 0) return;
    let at = 0;
    while (at < chunk.length) {
      switch (this.#state) {
        case HEAD:
          at = this.#readHead(chunk, at);
          continue;
        case LENGTH: {
          const take = Math.min(this.#remaining, chunk.length - at);
          const data = at === 0 && take === chunk.length ? chunk : chunk.subarray(at, at + take);
          at += take;
          this.#remaining -= take;
          this.#events.onData(data);
          if (this.#remaining === 0) this.#complete(chunk, at);
          continue;
        }
        case CHUNKED:
          at = this.#chunked!.decode(chunk, at, this.#onData);
          if (this.#chunked!.done) this.#complete(chunk, at);
          continue;
        case UNTIL_CLOSE:
          this.#events.onData(at === 0 ? chunk : chunk.subarray(at));
          at = chunk.length;
          continue;
        case DONE:
          this.#extra = true;
          return;
      }
    }
  }

  /** The response is complete at `chunk[at]`; bytes after it are noted before the end is reported. */
  #complete(chunk: Buffer, at: number): void {
    this.#state = DONE;
    if (at < chunk.length) this.#extra = true;
    this.#events.onEnd();
  }

  /** The connection ended: completes a body read until close; false when the response was cut short. */
  close(): boolean {
    if (this.#state === UNTIL_CLOSE) {
      this.#state = DONE;
      this.#events.onEnd();
      return true;
    }
    return this.#state === DONE;
  }

  #readHead(chunk: Buffer, at: number): number {
    const input = at === 0 ? chunk : chunk.subarray(at);
    const previous = this.#pending;
    // A head split over several chunks is joined; the search resumes a few bytes before the seam.
    const buffer = previous ? Buffer.concat([previous, input]) : input;
    const end = endOfHead(buffer, previous ? Math.max(0, previous.length - 3) : 0);
    if (end < 0) {
      if (buffer.length > MAX_HEAD_BYTES)
        throw new ResponseParseError(`response head larger than ${MAX_HEAD_BYTES} bytes`);
      this.#pending = buffer;
      return chunk.length;
    }
    this.#pending = undefined;
    if (end > MAX_HEAD_BYTES) throw new ResponseParseError(`response head larger than ${MAX_HEAD_BYTES} bytes`);
    const consumed = end - (previous?.length ?? 0);
    const head = parseResponseHead(buffer.toString('latin1', 0, end).trimEnd(), this.#bodiless);
    if (head.status < 200) {
      if (head.status === 101)
        throw new ResponseParseError('101 Switching Protocols to a request that did not ask for an upgrade');
      // An interim answer (100 Continue, 103 Early Hints): the final one follows.
      return at + consumed;
    }
    const next = at + consumed;
    let complete = false;
    switch (head.framing.kind) {
      case 'none':
        complete = true;
        break;
      case 'length':
        this.#remaining = head.framing.length;
        complete = this.#remaining === 0;
        this.#state = LENGTH;
        break;
      case 'chunked':
        this.#chunked = new ChunkedDecoder();
        this.#state = CHUNKED;
        break;
      case 'close':
        this.#state = UNTIL_CLOSE;
        break;
    }
    this.#events.onHead(head);
    if (complete) this.#complete(chunk, next);
    return next;
  }
}
