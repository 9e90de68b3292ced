// `sluice undo NAME [--to-revision N]`.
import { UsageError } from '../shared/errors.ts';
import { stringFlag } from '../shared/flags.ts';
import { oneName, runWithTarget } from '../shared/run-command.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runWithTarget(
    spec,
    args,
    (words, parsed) => {
      const text = stringFlag(parsed, 'to-revision') ?? '0';
      const toRevision = Number(text);
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(toRevision)) throw new UsageError(`--to-revision takes a revision number, not "${text}"`);
      return { name: oneName(spec)(words), toRevision };
    },
    async ({ target, namespace, out }, { name, toRevision }) => {
      const outcome = await target.undo(namespace, name, toRevision);
      out.write(outcome.skipped ? `skipped rollback (current template already matches revision ${toRevision})\n` : `rollout '${name}' undo\n`);
      return 0;
    },
  );
}
