// Flag parsing for the cluster and local-runtime commands: `--name value`, `--name=value`,
// `-x value`, boolean flags (`--watch`, `--watch=false`), and positionals in any order.
import { UsageError } from './errors.ts';

export interface FlagSpec {
  /** Long name without dashes: `namespace`. */
  name: string;
  /** One letter: `n`. */
  short?: string;
  /** A flag that takes a value (`--namespace NS`), or a switch (`--full`). */
  takesValue: boolean;
  /** Shown in help: `NS`. */
  valueName?: string;
  description: string;
  /** Values offered by shell completion. */
  choices?: readonly string[];
  /** May be given more than once (`-a x=1 -a y=2`); read with listFlag. */
  repeatable?: boolean;
}

export interface ParsedFlags {
  positionals: string[];
  /** Values by long name; a switch is `true` or `false`; a repeatable flag has every value given. */
  values: Map<string, string | boolean | string[]>;
}

export function parseFlags(args: readonly string[], specs: readonly FlagSpec[], command: string): ParsedFlags {
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
    const spec = written.startsWith('--') ? byLong.get(written.slice(2)) : written.length === 2 ? byShort.get(written.slice(1)) : undefined;
    if (!spec) throw new UsageError(`unknown flag ${written} for sluice ${command}; see sluice ${command} --help`);
    if (!spec.takesValue) {
      values.set(spec.name, switchValue(written, inline));
      continue;
    }
    const value = inline ?? args[++index];
    if (value === undefined || value === '') throw new UsageError(`${written} needs a value (${spec.valueName ?? 'VALUE'}) after it`);
    if (spec.choices && !spec.choices.includes(value)) throw new UsageError(`${written} must be one of ${spec.choices.join(', ')}, not "${value}"`);
    if (spec.repeatable) values.set(spec.name, [...listFlag({ positionals, values }, spec.name), value]);
    else values.set(spec.name, value);
  }
  return { positionals, values };
}

function switchValue(flag: string, inline: string | undefined): boolean {
  if (inline === undefined || inline === 'true') return true;
  if (inline === 'false') return false;
  throw new UsageError(`${flag} is a switch: write ${flag}, ${flag}=true or ${flag}=false, not ${flag}=${inline}`);
}

/** The help lines of the flags: `  -n, --namespace NS   the namespace ...`. */
export function describeFlags(specs: readonly FlagSpec[]): string {
  const heads = specs.map((spec) => `${spec.short ? `-${spec.short}, ` : '    '}--${spec.name}${spec.takesValue ? ` ${spec.valueName ?? 'VALUE'}` : ''}`);
  const width = Math.max(...heads.map((head) => head.length));
  return specs.map((spec, index) => `  ${(heads[index] ?? '').padEnd(width)}  ${spec.description}`).join('\n');
}

export function stringFlag(parsed: ParsedFlags, name: string): string | undefined {
  const value = parsed.values.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function switchFlag(parsed: ParsedFlags, name: string, fallback = false): boolean {
  const value = parsed.values.get(name);
  return typeof value === 'boolean' ? value : fallback;
}

/** Every value of a repeatable flag, in the order given. */
export function listFlag(parsed: ParsedFlags, name: string): string[] {
  const value = parsed.values.get(name);
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}
