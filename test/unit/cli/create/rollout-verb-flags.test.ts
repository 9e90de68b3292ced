// The flags Argo's plugin has on the rollout verbs and sluice took over: restart --in (the
// restartAt written), get rollout --timeout-seconds, list rollouts --timestamps (the column and its
// value), as pure pieces; the verbs themselves run against the runtime in test/integration/cli.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import { spec as getSpec } from '../../../../src/cli/get/spec.ts';
import { RowPrinter, rowTimestamp } from '../../../../src/cli/list/command.ts';
import { renderRolloutList } from '../../../../src/cli/render/rollout-list.ts';
import { parseRestart } from '../../../../src/cli/restart/command.ts';
import { spec as restartSpec } from '../../../../src/cli/restart/spec.ts';
import { parseCommandLine } from '../../../../src/cli/shared/command-line.ts';
import { numberFlag, parseFlags } from '../../../../src/cli/shared/flags.ts';
import { controlPatch } from '../../../../src/runtime/local/api/control-actions.ts';
import { rolloutListRow } from '../../../../src/view/list-row.ts';

const rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } },
    strategy: { canary: {} },
  },
} as Rollout;
const NOW = Date.parse('2026-03-04T05:06:07.890Z');

describe('restart --in', () => {
  const parse = (...args: string[]) => {
    const parsed = parseFlags(args, restartSpec.flags, 'restart');
    return parseRestart(parsed.positionals, parsed);
  };

  it('reads a Go duration, and prints it back as written; without it, now and "0s"', () => {
    assert.deepEqual(parse('web', '--in', '1h30m'), { name: 'web', inText: '1h30m', inMs: 5_400_000 });
    assert.deepEqual(parse('web', '-i', '10s'), { name: 'web', inText: '10s', inMs: 10_000 });
    assert.deepEqual(parse('web'), { name: 'web', inText: '0s', inMs: 0 });
    assert.throws(() => parse('web', '--in', '10'), /--in takes a duration such as 30s, 5m or 1h, not "10"/);
  });

  it("writes spec.restartAt that long after now, to the second (the local API's patch)", () => {
    assert.deepEqual(controlPatch('restart', rollout, [], { restartInMs: 10_000 }, NOW), {
      spec: { restartAt: '2026-03-04T05:06:17Z' },
    });
    assert.deepEqual(controlPatch('restart', rollout, [], {}, NOW), { spec: { restartAt: '2026-03-04T05:06:07Z' } });
  });
});

describe('get rollout --timeout-seconds', () => {
  it('takes whole seconds, 0 being no limit', () => {
    const seconds = (...args: string[]) =>
      numberFlag(parseCommandLine(getSpec, ['rollout', 'web', ...args]).flags, 'timeout-seconds');
    assert.equal(seconds(), 0);
    assert.equal(seconds('--timeout-seconds', '60'), 60);
    assert.throws(
      () => seconds('--timeout-seconds', '1m'),
      /--timeout-seconds takes a whole number of seconds, not "1m"/,
    );
    assert.throws(() => seconds('--timeout-seconds=-1'), /whole number/);
  });
});

describe('list rollouts --timestamps', () => {
  it("is Argo's UTC time to the second", () => assert.equal(rowTimestamp(NOW), '2026-03-04T05:06:07Z'));

  it('puts TIMESTAMP first, before NAMESPACE', () => {
    const text = renderRolloutList([rolloutListRow(rollout)], {
      allNamespaces: true,
      timestamp: '2026-03-04T05:06:07Z',
    });
    assert.match(text, /^TIMESTAMP {13}NAMESPACE +NAME +STRATEGY[^\n]*\n2026-03-04T05:06:07Z +default +web +/);
    assert.doesNotMatch(renderRolloutList([rolloutListRow(rollout)]), /TIMESTAMP/);
  });

  it('stamps each row list -w prints with the time it was printed', () => {
    const printed: string[] = [];
    const stamps = ['2026-01-01T00:00:00Z', '2026-01-01T00:00:09Z'];
    const printer = new RowPrinter(
      false,
      (text) => printed.push(text),
      () => stamps.shift(),
    );
    printer.show([rollout]);
    printer.show([{ ...rollout, spec: { ...rollout.spec, paused: true } }]);
    assert.match(printed[0] ?? '', /^TIMESTAMP +NAME[^\n]*\n2026-01-01T00:00:00Z +web/);
    assert.match(printed[1] ?? '', /^2026-01-01T00:00:09Z +web/);
  });
});
