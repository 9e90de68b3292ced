// Bounded work: every evaluation step, every allocated item and every produced string
// character is counted, so no expression can hang or exhaust memory.

import { ValueError } from './errors.ts';

export interface Limits {
  /** Evaluation steps (nodes visited, items iterated, items allocated). */
  maxSteps: number;
  /** Largest array a single operation may build (ranges, map(), filter()). */
  maxItems: number;
  /** Longest string a single operation may build, in UTF-16 units. */
  maxStringLength: number;
}

export const defaultLimits: Limits = {
  maxSteps: 1_000_000,
  maxItems: 1_000_000,
  maxStringLength: 1_000_000,
};

export class Budget {
  private used = 0;
  readonly limits: Limits;

  constructor(limits: Limits) {
    this.limits = limits;
  }

  get steps(): number {
    return this.used;
  }

  step(count = 1): void {
    this.used += count;
    if (this.used > this.limits.maxSteps) {
      throw new ValueError(`evaluation exceeded its budget of ${this.limits.maxSteps} steps`, true);
    }
  }

  items(count: number, what: string): void {
    if (count > this.limits.maxItems) {
      throw new ValueError(`${what} would have ${count} items, more than the limit of ${this.limits.maxItems}`, true);
    }
    this.step(count);
  }

  string(length: number, what: string): void {
    if (length > this.limits.maxStringLength) {
      throw new ValueError(
        `${what} would be ${length} characters long, more than the limit of ${this.limits.maxStringLength}`,
        true,
      );
    }
    this.step(Math.ceil(length / 64));
  }
}
