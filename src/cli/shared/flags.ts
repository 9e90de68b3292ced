// Flag parsing for every command: `--name value`, `--name=value`, `-x value`, boolean flags
// (`--watch`, `--watch=false`), and positionals in any order. The flags come from the command's
// spec (command-spec.ts), so the parser refuses exactly what the help does not list.
import { parseGoDuration } from '../../api/duration.ts';
import { UsageError } from './errors.ts';

/**
 * What a flag's value is. `switch` takes none; `file`, `dir` and `path` (either) are completed as
 * paths; `integer` and `port` are checked here against `min`/`max`; `duration` is checked here to
 * be a Go duration, not negative; `string` is anything.
 */
export type FlagType = 'switch' | 'string' | 'file' | 'dir' | 'path' | 'integer' | 'port' | 'duration';

export interface FlagSpec {
  /** Long name without dashes: `namespace`. */
  name: string;
  /** One letter: `n`. */
  short?: string;
  /** A flag that takes a value (`--namespace NS`), or a switch (`--full`). */
  takesValue: boolean;
  /** The value's type (default: `string` for a flag that takes a value, else `switch`). */
  type?: FlagType;
  /** Shown in help: `NS`. */
  valueName?: string;
  /** One line of help. */
  description: string;
  /** The value when the flag is not given, as the accessors below return it. */
  default?: string | boolean;
  /** The default in words, when it is not a plain value (`$KUBECONFIG, else ~/.kube/config`). */
  defaultText?: string;
  /** The only values accepted (and offered by shell completion). */
  choices?: readonly string[];
  /** May be given more than once (`-a x=1 -a y=2`); read with listFlag. */
  repeatable?: boolean;
  /** The command does not run without it: the sentence said when it is missing. */
  required?: string;
  /** Bounds of an `integer` or `port` value. */
  min?: number;
  max?: number;
  /** What an `integer` counts, for its error message: `seconds`; a `duration` with `seconds` also takes whole seconds. */
  unit?: string;
}

export interface ParsedFlags {
  positionals: string[];
  /** Values by long name, as given; a switch is `true` or `false`; a repeatable flag has every value given. */
  values: Map<string, string | boolean | string[]>;
  /** The flags the parse accepted: the accessors read their defaults and refuse names not declared. */
  specs?: readonly FlagSpec[];
}

export function flagType(spec: FlagSpec): FlagType {
  return spec.type ?? (spec.takesValue ? 'string' : 'switch');
}

/** Another form of the command and its flags (`create analysisrun` for `create`), named when a flag belongs there. */
export interface OtherForm {
  command: string;
  flags: readonly FlagSpec[];
}

export function parseFlags(
  args: readonly string[],
  specs: readonly FlagSpec[],
  command: string,
  otherForms: readonly OtherForm[] = [],
): ParsedFlags {
  const byLong = new Map(specs.map((spec) => [spec.name, spec]));
  const byShort = new Map(specs.filter((spec) => spec.short).map((spec) => [spec.short as string, spec]));
  const positionals: string[] = [];
  const values = new Map<string, string | boolean | string[]>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const written = equals > 0 ? arg.slice(0, equals) : arg;
    const inline = equals > 0 ? arg.slice(equals + 1) : undefined;
    const spec = written.startsWith('--')
      ? byLong.get(written.slice(2))
      : written.length === 2
        ? byShort.get(written.slice(1))
        : undefined;
    if (!spec) throw unknownFlag(written, specs, command, otherForms);
    if (!spec.takesValue) {
      values.set(spec.name, switchValue(written, inline));
      continue;
    }
    const value = inline ?? args[++index];
    if (value === undefined || value === '')
      throw new UsageError(`${written} needs a value (${spec.valueName ?? 'VALUE'}) after it`);
    if (spec.choices && !spec.choices.includes(value))
      throw new UsageError(`${written} must be one of ${spec.choices.join(', ')}, not "${value}"`);
    checkNumber(`--${spec.name}`, spec, value);
    checkDuration(`--${spec.name}`, spec, value);
    if (spec.repeatable) values.set(spec.name, [...listOf(values.get(spec.name)), value]);
    else values.set(spec.name, value);
  }
  return { positionals, values, specs };
}

/** The sentence for a flag the command does not take: the form it belongs to, or the closest flag. */
function unknownFlag(
  written: string,
  specs: readonly FlagSpec[],
  command: string,
  otherForms: readonly OtherForm[],
): UsageError {
  const long = written.startsWith('--') ? written.slice(2) : undefined;
  const short = !long && written.length === 2 ? written.slice(1) : undefined;
  const owner = otherForms.find((form) =>
    form.flags.some((flag) => flag.name === long || (short !== undefined && flag.short === short)),
  );
  if (owner)
    return new UsageError(
      `${written} belongs to sluice ${owner.command}, not to sluice ${command}; see sluice ${owner.command} --help`,
    );
  const closest = long !== undefined ? closestFlag(long, specs) : undefined;
  const hint = closest ? `; did you mean --${closest}? See sluice ${command} --help` : `; see sluice ${command} --help`;
  return new UsageError(`unknown flag ${written} for sluice ${command}${hint}`);
}

/** The declared flag nearest to what was written: one it starts, or within a few edits. */
export function closestFlag(written: string, specs: readonly FlagSpec[]): string | undefined {
  return closestName(
    written,
    specs.map((spec) => spec.name),
  );
}

/** The name nearest to what was written: the one name it starts, else one within a few edits. */
export function closestName(written: string, names: readonly string[]): string | undefined {
  const prefixed = names.filter((name) => name.startsWith(written));
  if (prefixed.length === 1) return prefixed[0];
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(written, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(written.length / 3)) ? best.name : undefined;
}

/** Edits (insert, delete, replace, swap two neighbours) from a to b. */
function editDistance(a: string, b: string): number {
  let twoBack: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (twoBack[j - 2] ?? 0) + 1);
      current[j] = best;
    }
    twoBack = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function checkNumber(written: string, spec: FlagSpec, value: string): void {
  const type = flagType(spec);
  if (type !== 'integer' && type !== 'port') return;
  const number = Number(value);
  const min = spec.min ?? (type === 'port' ? 1 : 0);
  const max = spec.max ?? (type === 'port' ? 65535 : Number.MAX_SAFE_INTEGER);
  if (/^\d+$/.test(value) && number >= min && number <= max) return;
  if (type === 'port')
    throw new UsageError(
      `${written} takes a port number from 1 to 65535${min === 0 ? ' (0: off)' : ''}, not "${value}"`,
    );
  const what =
    spec.max !== undefined
      ? `a whole number from ${min} to ${max}`
      : `a whole number${spec.unit ? ` of ${spec.unit}` : ''}${min > 0 ? ` from ${min}` : ''}`;
  throw new UsageError(`${written} takes ${what}, not "${value}"`);
}

/** A `duration` is a Go duration (`30s`, `1h30m`); with `unit: 'seconds'` a whole number of seconds too. */
function checkDuration(written: string, spec: FlagSpec, value: string): void {
  if (flagType(spec) !== 'duration') return;
  const seconds = spec.unit === 'seconds';
  if (seconds && /^\d+$/.test(value)) return;
  try {
    if (parseGoDuration(value) >= 0) return;
  } catch {
    // said below
  }
  throw new UsageError(
    `${written} takes a duration such as 30s, 5m or 1h${seconds ? ', or whole seconds' : ''}, not "${value}"`,
  );
}

function switchValue(flag: string, inline: string | undefined): boolean {
  if (inline === undefined || inline === 'true') return true;
  if (inline === 'false') return false;
  throw new UsageError(`${flag} is a switch: write ${flag}, ${flag}=true or ${flag}=false, not ${flag}=${inline}`);
}

/** `-n, --namespace NS` (or `    --full`). */
export function flagHead(spec: FlagSpec): string {
  return `${spec.short ? `-${spec.short}, ` : '    '}--${spec.name}${spec.takesValue ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
}

/** The help line's text: the description, the choices and the default. */
export function flagHelp(spec: FlagSpec): string {
  const extras: string[] = [];
  if (spec.choices && !spec.description.includes(spec.choices.join('')))
    extras.push(`one of ${spec.choices.join(', ')}`);
  const shown =
    spec.defaultText ?? (spec.default === undefined || spec.default === false ? undefined : String(spec.default));
  if (shown !== undefined) extras.push(`default: ${shown}`);
  if (spec.repeatable) extras.push('repeatable');
  return extras.length > 0 ? `${spec.description} (${extras.join('; ')})` : spec.description;
}

/** The help lines of the flags: `  -n, --namespace NS   the namespace ...`. */
export function describeFlags(
  specs: readonly FlagSpec[],
  width = Math.max(...specs.map((spec) => flagHead(spec).length)),
): string {
  return specs.map((spec) => `  ${flagHead(spec).padEnd(width)}  ${flagHelp(spec)}`).join('\n');
}

function declared(parsed: ParsedFlags, name: string): FlagSpec | undefined {
  if (!parsed.specs) return undefined;
  const spec = parsed.specs.find((candidate) => candidate.name === name);
  // A command reading a flag its spec does not declare is a mistake in sluice, not in the input.
  if (!spec) throw new Error(`internal: the command reads --${name}, which its spec does not declare`);
  return spec;
}

export function stringFlag(parsed: ParsedFlags, name: string): string | undefined {
  const spec = declared(parsed, name);
  const value = parsed.values.get(name);
  if (typeof value === 'string') return value;
  return typeof spec?.default === 'string' ? spec.default : undefined;
}

/** An `integer` or `port` flag, already checked by the parser. */
export function numberFlag(parsed: ParsedFlags, name: string): number | undefined {
  const text = stringFlag(parsed, name);
  return text === undefined ? undefined : Number(text);
}

export function switchFlag(parsed: ParsedFlags, name: string, fallback?: boolean): boolean {
  const spec = declared(parsed, name);
  const value = parsed.values.get(name);
  if (typeof value === 'boolean') return value;
  return fallback ?? (typeof spec?.default === 'boolean' ? spec.default : false);
}

/** Every value of a repeatable flag, in the order given. */
export function listFlag(parsed: ParsedFlags, name: string): string[] {
  declared(parsed, name);
  return listOf(parsed.values.get(name));
}

function listOf(value: string | boolean | string[] | undefined): string[] {
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}
