// `sluice list rollouts [-A] [-w]`: the table of rollouts, once or as they change.
import process from 'node:process';
import type { Rollout } from '../../api/types/rollout.ts';
import { rolloutListRow, sameListRow, type RolloutListRow } from '../../view/list-row.ts';
import { renderRolloutList } from '../render/rollout-list.ts';
import { renderExperimentList } from '../render/experiments.ts';
import { experimentListRow } from '../../view/experiment-view.ts';
import { UsageError } from '../shared/errors.ts';
import { stringFlag, switchFlag } from '../shared/flags.ts';
import { runWithTarget } from '../shared/run-command.ts';
import { interruptSignal } from '../shared/watch-loop.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runWithTarget(
    spec,
    args,
    () => undefined,
    async ({ parsed, target, namespace, out, subcommand }) => {
      const all = switchFlag(parsed, 'all-namespaces');
      if (subcommand === 'experiments') {
        const experiments = await target.listExperiments(all ? undefined : namespace);
        if (experiments.length === 0) {
          process.stderr.write(all ? 'No resources found.\n' : `No resources found in ${namespace} namespace.\n`);
          return 0;
        }
        const now = Date.now();
        out.write(
          renderExperimentList(
            experiments.map((experiment) => experimentListRow(experiment, now)),
            all,
          ),
        );
        return 0;
      }
      const scope = all ? undefined : namespace;
      const output = stringFlag(parsed, 'output');
      const only = stringFlag(parsed, 'name');
      const named = (rollouts: Rollout[]) =>
        only === undefined ? rollouts : rollouts.filter((rollout) => rollout.metadata.name === only);
      const timestamps = switchFlag(parsed, 'timestamps');
      if (timestamps && output)
        throw new UsageError('--timestamps adds a column to the table; it does not combine with -o');
      const timestamp = () => (timestamps ? rowTimestamp(Date.now()) : undefined);
      if (switchFlag(parsed, 'watch')) {
        if (output) throw new UsageError('-w prints rows; it does not combine with -o');
        const printer = new RowPrinter(all, (text) => out.write(text), timestamp);
        const { signal, release } = interruptSignal();
        try {
          await target.watchRollouts(scope, (rollouts) => printer.show(named(rollouts)), signal);
        } finally {
          release();
        }
        return 0;
      }
      const rollouts = sorted(named(await target.listRollouts(scope)));
      if (output === 'name') out.write(rollouts.map((rollout) => `${rollout.metadata.name ?? ''}\n`).join(''));
      else if (output) {
        const { renderObjects } = await import('../render/objects-output.ts');
        out.write(
          renderObjects([{ apiVersion: 'v1', kind: 'List', items: rollouts, metadata: {} }], output as 'json' | 'yaml'),
        );
      } else if (rollouts.length === 0)
        process.stderr.write(all ? 'No resources found.\n' : `No resources found in ${namespace} namespace.\n`);
      else out.write(renderRolloutList(rollouts.map(rolloutListRow), { allNamespaces: all, timestamp: timestamp() }));
      return 0;
    },
  );
}

/** `-w`: the header once, then each rollout's row whenever it reads differently. */
export class RowPrinter {
  readonly #all: boolean;
  readonly #write: (text: string) => void;
  readonly #timestamp: () => string | undefined;
  readonly #shown = new Map<string, RolloutListRow>();
  #headerPrinted = false;

  /** `timestamp`: the TIMESTAMP cell of rows printed now (`--timestamps`), or undefined for none. */
  constructor(
    allNamespaces: boolean,
    write: (text: string) => void,
    timestamp: () => string | undefined = () => undefined,
  ) {
    this.#all = allNamespaces;
    this.#write = write;
    this.#timestamp = timestamp;
  }

  show(rollouts: Rollout[]): void {
    const changed: RolloutListRow[] = [];
    for (const rollout of sorted(rollouts)) {
      const row = rolloutListRow(rollout);
      const key = `${row.namespace}/${row.name}`;
      const before = this.#shown.get(key);
      if (before && sameListRow(before, row)) continue;
      this.#shown.set(key, row);
      changed.push(row);
    }
    if (changed.length === 0 && this.#headerPrinted) return;
    this.#write(
      renderRolloutList(changed, {
        allNamespaces: this.#all,
        header: !this.#headerPrinted,
        timestamp: this.#timestamp(),
      }),
    );
    this.#headerPrinted = true;
  }
}

/** Argo's TIMESTAMP cell: UTC, to the second (`2026-01-02T15:04:05Z`). */
export function rowTimestamp(now: number): string {
  return `${new Date(now).toISOString().slice(0, 19)}Z`;
}

function sorted(rollouts: Rollout[]): Rollout[] {
  const key = (rollout: Rollout) => `${rollout.metadata.namespace ?? ''}/${rollout.metadata.name ?? ''}`;
  return [...rollouts].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
