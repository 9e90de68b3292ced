// Runs a parsed regular expression with a Thompson NFA simulation: time is linear in
// the text length times the program size, whatever the pattern (no backtracking).

import { isWordCodePoint, parseRegex, RegexSyntaxError, type Assertion, type CharTest, type Regex } from './syntax.ts';

type Instruction =
  | { op: 'char'; test: CharTest; next: number }
  | { op: 'split'; first: number; second: number }
  | { op: 'jump'; next: number }
  | { op: 'assert'; assertion: Assertion; next: number }
  | { op: 'match' };

export const maxProgramSize = 20_000;

export interface CompiledRegex {
  readonly source: string;
  readonly size: number;
  /** Whether the pattern matches anywhere in `text`; `charge` is told the work done. */
  test(text: string, charge: (steps: number) => void): boolean;
}

export function compileRegex(pattern: string): CompiledRegex {
  const program: Instruction[] = [];
  const emit = (instruction: Instruction): number => {
    if (program.length >= maxProgramSize) throw new RegexSyntaxError('expression too large');
    program.push(instruction);
    return program.length - 1;
  };
  // Each fragment is emitted so that falling off its end continues with the next one.
  const compile = (node: Regex): void => {
    switch (node.kind) {
      case 'empty':
        return;
      case 'char':
        emit({ op: 'char', test: node.test, next: program.length + 1 });
        return;
      case 'assert':
        emit({ op: 'assert', assertion: node.assertion, next: program.length + 1 });
        return;
      case 'concat':
        node.items.forEach(compile);
        return;
      case 'alternate': {
        const jumps: number[] = [];
        node.items.forEach((item, index) => {
          if (index < node.items.length - 1) {
            const split = emit({ op: 'split', first: 0, second: 0 });
            (program[split] as { first: number }).first = program.length;
            compile(item);
            jumps.push(emit({ op: 'jump', next: 0 }));
            (program[split] as { second: number }).second = program.length;
          } else {
            compile(item);
          }
        });
        for (const jump of jumps) (program[jump] as { next: number }).next = program.length;
        return;
      }
      case 'repeat': {
        for (let i = 0; i < node.min; i++) compile(node.item);
        if (node.max === Infinity) {
          const split = emit({ op: 'split', first: program.length + 1, second: 0 });
          compile(node.item);
          emit({ op: 'jump', next: split });
          (program[split] as { second: number }).second = program.length;
        } else {
          const splits: number[] = [];
          for (let i = node.min; i < node.max; i++) {
            splits.push(emit({ op: 'split', first: program.length + 1, second: 0 }));
            compile(node.item);
          }
          for (const split of splits) (program[split] as { second: number }).second = program.length;
        }
        return;
      }
    }
  };
  compile(parseRegex(pattern));
  emit({ op: 'match' });
  return { source: pattern, size: program.length, test: (text, charge) => run(program, text, charge) };
}

function holds(assertion: Assertion, previous: number, next: number): boolean {
  switch (assertion) {
    case 'text-start':
      return previous === -1;
    case 'text-end':
      return next === -1;
    case 'line-start':
      return previous === -1 || previous === 10;
    case 'line-end':
      return next === -1 || next === 10;
    case 'word-boundary':
      return isWordCodePoint(previous) !== isWordCodePoint(next);
    case 'not-word-boundary':
      return isWordCodePoint(previous) === isWordCodePoint(next);
  }
}

function run(program: Instruction[], text: string, charge: (steps: number) => void): boolean {
  const codePoints = Array.from(text, (char) => char.codePointAt(0) as number);
  const seen = new Int32Array(program.length).fill(-1);
  let current: number[] = [];
  let next: number[] = [];
  let generation = 0;
  // Follows jumps, splits and assertions from `pc`, collecting the char/match states.
  const add = (list: number[], start: number, previous: number, following: number): boolean => {
    const stack = [start];
    while (stack.length > 0) {
      const pc = stack.pop() as number;
      if (seen[pc] === generation) continue;
      seen[pc] = generation;
      const instruction = program[pc] as Instruction;
      switch (instruction.op) {
        case 'jump':
          stack.push(instruction.next);
          break;
        case 'split':
          stack.push(instruction.second, instruction.first);
          break;
        case 'assert':
          if (holds(instruction.assertion, previous, following)) stack.push(instruction.next);
          break;
        case 'match':
          return true;
        case 'char':
          list.push(pc);
          break;
      }
    }
    return false;
  };
  for (let position = 0; position <= codePoints.length; position++) {
    const previous = position === 0 ? -1 : (codePoints[position - 1] as number);
    const char = position < codePoints.length ? (codePoints[position] as number) : -1;
    // An unanchored search: a new thread may start at every position.
    if (add(current, 0, previous, char)) return true;
    charge(current.length + 1);
    if (char === -1) break;
    generation++;
    const following = position + 1 < codePoints.length ? (codePoints[position + 1] as number) : -1;
    next = [];
    for (const pc of current) {
      const instruction = program[pc] as Extract<Instruction, { op: 'char' }>;
      if (instruction.test(char) && add(next, instruction.next, char, following)) return true;
    }
    current = next;
  }
  return false;
}
