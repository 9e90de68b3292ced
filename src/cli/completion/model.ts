// What completion knows, made from the dispatcher's command table and each command's spec:
// command names and summaries, each command's words, flags, flag values and file flags.
import { spec as abort } from '../abort/spec.ts';
import { spec as completion } from '../completion/spec.ts';
import { spec as create } from '../create/spec.ts';
import { spec as get } from '../get/spec.ts';
import { spec as list } from '../list/spec.ts';
import { spec as pause } from '../pause/spec.ts';
import { spec as promote } from '../promote/spec.ts';
import { spec as restart } from '../restart/spec.ts';
import { spec as resume } from '../resume/spec.ts';
import { spec as retry } from '../retry/spec.ts';
import { spec as set } from '../set/spec.ts';
import type { CommandSpec } from '../shared/command-spec.ts';
import type { FlagSpec } from '../shared/flags.ts';
import { spec as status } from '../status/spec.ts';
import { spec as terminate } from '../terminate/spec.ts';
import { spec as undo } from '../undo/spec.ts';
import { spec as version } from '../version/spec.ts';
import { otherCommandFlags } from './other-commands.ts';

export interface CompletedCommand {
  name: string;
  summary: string;
  flags: readonly FlagSpec[];
  subcommands: readonly string[];
  takesRolloutName: boolean;
}

const SPECS: readonly CommandSpec[] = [get, list, promote, pause, resume, abort, retry, restart, set, undo, status, create, terminate, version, completion];

/** Value names whose values are paths. */
const FILE_VALUES = new Set(['FILE', 'DIR', 'FILE|DIR']);

export function isFileFlag(flag: FlagSpec): boolean {
  return flag.takesValue && FILE_VALUES.has(flag.valueName ?? '');
}

export function completionModel(table: Record<string, { summary: string }>): CompletedCommand[] {
  return Object.entries(table).map(([name, entry]) => {
    const spec = SPECS.find((candidate) => candidate.name === name);
    return {
      name,
      summary: oneLine(entry.summary),
      flags: spec?.flags ?? otherCommandFlags[name] ?? [{ name: 'help', short: 'h', takesValue: false, description: 'show help' }],
      subcommands: spec?.subcommands ?? [],
      takesRolloutName: spec?.takesRolloutName ?? false,
    };
  });
}

function oneLine(summary: string): string {
  const text = summary.split(':')[0] ?? summary;
  return text.trim();
}
