// The table of sluice's commands, in the order `sluice --help` lists them: each command's spec.
// The dispatcher (main.ts), `sluice help`, shell completion and docs/cli.md all read this table.
import { spec as abort } from './abort/spec.ts';
import { spec as analyze } from './analyze/spec.ts';
import { spec as apply } from './apply/spec.ts';
import { spec as completion } from './completion/spec.ts';
import { spec as controller } from './controller/spec.ts';
import { spec as create } from './create/spec.ts';
import { spec as dashboard } from './dashboard/spec.ts';
import { spec as deleteSpec } from './delete/spec.ts';
import { spec as demo } from './demo/spec.ts';
import { spec as get } from './get/spec.ts';
import { spec as lint } from './lint/spec.ts';
import { spec as list } from './list/spec.ts';
import { spec as notifications } from './notifications/spec.ts';
import { spec as pause } from './pause/spec.ts';
import { spec as promote } from './promote/spec.ts';
import { spec as restart } from './restart/spec.ts';
import { spec as resume } from './resume/spec.ts';
import { spec as retry } from './retry/spec.ts';
import { spec as run } from './run/spec.ts';
import { spec as set } from './set/spec.ts';
import type { CommandSpec } from './shared/command-spec.ts';
import { spec as status } from './status/spec.ts';
import { spec as terminate } from './terminate/spec.ts';
import { spec as undo } from './undo/spec.ts';
import { spec as version } from './version/spec.ts';

export const COMMANDS: readonly CommandSpec[] = [
  lint,
  analyze,
  run,
  apply,
  deleteSpec,
  demo,
  get,
  list,
  status,
  promote,
  pause,
  resume,
  abort,
  retry,
  restart,
  set,
  undo,
  create,
  terminate,
  dashboard,
  notifications,
  version,
  completion,
  controller,
];

export function commandNamed(name: string): CommandSpec | undefined {
  return COMMANDS.find((spec) => spec.name === name);
}
