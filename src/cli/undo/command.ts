// `sluice undo NAME [--to-revision N]`.
import { numberFlag } from '../shared/flags.ts';
import { oneName, runWithTarget } from '../shared/run-command.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runWithTarget(
    spec,
    args,
    (words, parsed) => {
      const toRevision = numberFlag(parsed, 'to-revision') ?? 0;
      return { name: oneName(words), toRevision };
    },
    async ({ target, namespace, out }, { name, toRevision }) => {
      const outcome = await target.undo(namespace, name, toRevision);
      out.write(
        outcome.skipped
          ? `skipped rollback (current template already matches revision ${toRevision})\n`
          : `rollout '${name}' undo\n`,
      );
      return 0;
    },
  );
}
