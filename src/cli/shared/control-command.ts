// The control verbs that take rollout names and patch fields (pause, resume, abort, retry):
// one request per name, Argo's one-line confirmation for each.
import type { ControlVerb } from '../target/target.ts';
import type { CommandSpec } from './command-spec.ts';
import { runWithTarget, someNames } from './run-command.ts';

export function runControlVerb(
  spec: CommandSpec,
  args: readonly string[],
  verb: ControlVerb,
  done: (name: string) => string,
): Promise<number> {
  return runWithTarget(spec, args, someNames, async ({ target, namespace, out }, list) => {
    for (const name of list) {
      await target.control(namespace, name, verb);
      out.write(`${done(name)}\n`);
    }
    return 0;
  });
}
