// The last lines a process wrote, kept for status messages (kubelet's "last state" message).

export class OutputTail {
  readonly #limit: number;
  readonly #lines: string[] = [];
  #partial = '';

  constructor(limit = 20) {
    this.#limit = limit;
  }

  write(chunk: string): void {
    const parts = (this.#partial + chunk).split('\n');
    this.#partial = parts.pop() ?? '';
    for (const line of parts) this.#push(line.replace(/\r$/, ''));
    // A very long line without a newline must not grow without bound.
    if (this.#partial.length > 8192) {
      this.#push(this.#partial);
      this.#partial = '';
    }
  }

  /** The kept lines, an unfinished last line included. */
  lines(): string[] {
    return this.#partial === '' ? [...this.#lines] : [...this.#lines, this.#partial].slice(-this.#limit);
  }

  clear(): void {
    this.#lines.length = 0;
    this.#partial = '';
  }

  #push(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > this.#limit) this.#lines.splice(0, this.#lines.length - this.#limit);
  }
}
