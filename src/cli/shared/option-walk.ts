// The option loop of the commands that take only flags (`sluice run`, `apply`, `delete`):
// `--name value`, `--name=value` and `-x value`, each handed to the command in order.

/**
 * Calls `take` with each flag as written (`--name` of `--name=value`) and the whole argument;
 * `value()` reads the flag's value, inline or the next argument, and fails through `fail` when
 * there is none or it is empty.
 */
export function walkOptions(args: readonly string[], take: (flag: string, value: () => string, arg: string) => void, fail: (message: string) => Error): void {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args[++index];
      if (next === undefined || next === '') throw fail(`${flag} needs a value after it`);
      return next;
    };
    take(flag, value, arg);
  }
}
