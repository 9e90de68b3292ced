// Incremental decoder of the chunked transfer coding (RFC 9112 §7.1): chunk sizes in hex with
// optional extensions, the data, and trailer fields after the last chunk (read and dropped, as
// node's proxying drops them). Input may be split anywhere; data is handed on as views of the input.
import { ResponseParseError } from './response-head.ts';

const SIZE = 0;
const EXTENSION = 1;
const SIZE_LF = 2;
const DATA = 3;
const DATA_CR = 4;
const DATA_LF = 5;
const TRAILER_LINE_START = 6;
const TRAILER_LINE = 7;
const TRAILER_END_LF = 8;
const DONE = 9;

const CR = 13;
const LF = 10;
const MAX_SIZE_DIGITS = 12;

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  if (byte >= 97 && byte <= 102) return byte - 87;
  if (byte >= 65 && byte <= 70) return byte - 55;
  return -1;
}

export class ChunkedDecoder {
  #state = SIZE;
  #size = 0;
  #digits = 0;
  #remaining = 0;

  get done(): boolean {
    return this.#state === DONE;
  }

  /**
   * Decodes from `chunk[start]` on, handing data to `onData`; returns the index where it stopped:
   * `chunk.length`, or the first byte after the body once it is complete.
   */
  decode(chunk: Buffer, start: number, onData: (data: Buffer) => void): number {
    let i = start;
    const end = chunk.length;
    while (i < end) {
      switch (this.#state) {
        case DATA: {
          const take = Math.min(this.#remaining, end - i);
          onData(chunk.subarray(i, i + take));
          i += take;
          this.#remaining -= take;
          if (this.#remaining === 0) this.#state = DATA_CR;
          continue;
        }
        case SIZE: {
          const byte = chunk[i++]!;
          const digit = hexValue(byte);
          if (digit >= 0) {
            if (++this.#digits > MAX_SIZE_DIGITS) throw new ResponseParseError('chunk size too large');
            this.#size = this.#size * 16 + digit;
          } else if (this.#digits === 0) {
            throw new ResponseParseError('invalid chunk size');
          } else if (byte === CR) {
            this.#state = SIZE_LF;
          } else if (byte === LF) {
            this.#endOfSizeLine();
          } else if (byte === 59 || byte === 32 || byte === 9) {
            // ';' starts an extension; whitespace may precede it.
            this.#state = EXTENSION;
          } else {
            throw new ResponseParseError('invalid chunk size');
          }
          continue;
        }
        case EXTENSION: {
          const lf = chunk.indexOf(LF, i);
          if (lf < 0) {
            i = end;
            continue;
          }
          i = lf + 1;
          this.#endOfSizeLine();
          continue;
        }
        case SIZE_LF:
          if (chunk[i++] !== LF) throw new ResponseParseError('expected LF after the chunk size');
          this.#endOfSizeLine();
          continue;
        case DATA_CR: {
          const byte = chunk[i++]!;
          if (byte === CR) this.#state = DATA_LF;
          else if (byte === LF) this.#state = SIZE;
          else throw new ResponseParseError('expected CRLF after chunk data');
          continue;
        }
        case DATA_LF:
          if (chunk[i++] !== LF) throw new ResponseParseError('expected CRLF after chunk data');
          this.#state = SIZE;
          continue;
        case TRAILER_LINE_START: {
          const byte = chunk[i++]!;
          if (byte === CR) this.#state = TRAILER_END_LF;
          else if (byte === LF) this.#state = DONE;
          else this.#state = TRAILER_LINE;
          continue;
        }
        case TRAILER_LINE: {
          const lf = chunk.indexOf(LF, i);
          if (lf < 0) {
            i = end;
            continue;
          }
          i = lf + 1;
          this.#state = TRAILER_LINE_START;
          continue;
        }
        case TRAILER_END_LF:
          if (chunk[i++] !== LF) throw new ResponseParseError('expected LF after the trailer section');
          this.#state = DONE;
          continue;
        case DONE:
          return i;
      }
    }
    return i;
  }

  #endOfSizeLine(): void {
    if (this.#size === 0) {
      this.#state = TRAILER_LINE_START;
    } else {
      this.#remaining = this.#size;
      this.#state = DATA;
    }
    this.#size = 0;
    this.#digits = 0;
  }
}
