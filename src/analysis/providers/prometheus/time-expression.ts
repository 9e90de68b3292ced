// rangeQuery.start and .end: expr-lang date arithmetic such as `now() - duration("5m")`, the form
// Argo documents. A small evaluator of that subset: now(), duration("..."), date("RFC 3339"),
// + and -, parentheses. The result must be a time. Nothing else is executed.
import { DurationError, parseGoDuration } from '../../../api/duration.ts';

type Value = { kind: 'time'; ms: number } | { kind: 'duration'; ms: number };

export class TimeExpressionError extends Error {
  override name = 'TimeExpressionError';
}

/** The epoch ms a time expression stands for at `now`. */
export function evaluateTimeExpression(source: string, now: number): number {
  const parser = new Parser(source, now);
  const value = parser.expression();
  parser.end();
  if (value.kind !== 'time') {
    throw new TimeExpressionError(`"${source}" is a duration, not a time; write a time such as now() - duration("5m")`);
  }
  return value.ms;
}

class Parser {
  #position = 0;
  readonly #source: string;
  readonly #now: number;

  constructor(source: string, now: number) {
    this.#source = source;
    this.#now = now;
  }

  expression(): Value {
    let left = this.#term();
    for (;;) {
      const operator = this.#peekChar();
      if (operator !== '+' && operator !== '-') return left;
      this.#position++;
      left = combine(left, operator, this.#term(), this.#source);
    }
  }

  end(): void {
    this.#skipSpace();
    if (this.#position < this.#source.length) this.#fail(`unexpected "${this.#source.slice(this.#position)}"`);
  }

  #term(): Value {
    this.#skipSpace();
    if (this.#source[this.#position] === '(') {
      this.#position++;
      const inner = this.expression();
      this.#expect(')');
      return inner;
    }
    const name = /^[A-Za-z_]\w*/.exec(this.#source.slice(this.#position))?.[0];
    if (!name) this.#fail('expected now(), duration("...") or date("...")');
    if (!['now', 'duration', 'date'].includes(name))
      this.#fail(`unknown function ${name}(); use now(), duration("...") or date("...")`);
    this.#position += name.length;
    this.#expect('(');
    if (name === 'now') {
      this.#expect(')');
      return { kind: 'time', ms: this.#now };
    }
    const argument = this.#string();
    this.#expect(')');
    if (name === 'duration') {
      try {
        return { kind: 'duration', ms: parseGoDuration(argument) };
      } catch (error) {
        if (error instanceof DurationError) this.#fail(error.message);
        throw error;
      }
    }
    if (name === 'date') {
      const ms = Date.parse(argument);
      if (Number.isNaN(ms)) this.#fail(`date("${argument}") is not an RFC 3339 time such as 2024-05-01T10:00:00Z`);
      return { kind: 'time', ms };
    }
    return this.#fail(`unknown function ${name}()`);
  }

  #string(): string {
    this.#skipSpace();
    const quote = this.#source[this.#position];
    if (quote !== '"' && quote !== "'" && quote !== '`') this.#fail('expected a quoted string');
    const close = this.#source.indexOf(quote, this.#position + 1);
    if (close < 0) this.#fail('a string is not closed');
    const text = this.#source.slice(this.#position + 1, close);
    this.#position = close + 1;
    return text;
  }

  #expect(char: string): void {
    if (this.#peekChar() !== char) this.#fail(`expected "${char}"`);
    this.#position++;
  }

  #peekChar(): string | undefined {
    this.#skipSpace();
    return this.#source[this.#position];
  }

  #skipSpace(): void {
    while (this.#position < this.#source.length && /\s/.test(this.#source[this.#position] ?? '')) this.#position++;
  }

  #fail(message: string): never {
    throw new TimeExpressionError(`"${this.#source}" at offset ${this.#position}: ${message}`);
  }
}

function combine(left: Value, operator: '+' | '-', right: Value, source: string): Value {
  if (operator === '+') {
    if (left.kind === 'time' && right.kind === 'time')
      throw new TimeExpressionError(`"${source}": cannot add two times`);
    return { kind: left.kind === 'time' || right.kind === 'time' ? 'time' : 'duration', ms: left.ms + right.ms };
  }
  if (left.kind === 'duration' && right.kind === 'time')
    throw new TimeExpressionError(`"${source}": cannot subtract a time from a duration`);
  return { kind: left.kind === right.kind ? 'duration' : 'time', ms: left.ms - right.ms };
}
