import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseTarget, type TargetFlags } from '../../../../src/cli/target/select-target.ts';

const none: TargetFlags = { local: false, stateDir: undefined, kubeconfig: undefined, context: undefined };

describe('chooseTarget', () => {
  const cases: Array<{
    what: string;
    flags?: Partial<TargetFlags>;
    env?: Record<string, string>;
    running?: string[];
    kind: 'local' | 'cluster';
    stateDir?: string;
  }> = [
    { what: 'the cluster when nothing runs here', kind: 'cluster' },
    { what: 'the local runtime running in .sluice', running: ['.sluice'], kind: 'local', stateDir: '.sluice' },
    {
      what: 'the local runtime running in $SLUICE_STATE_DIR',
      env: { SLUICE_STATE_DIR: '/tmp/s' },
      running: ['/tmp/s'],
      kind: 'local',
      stateDir: '/tmp/s',
    },
    {
      what: 'the cluster when $SLUICE_STATE_DIR holds no live runtime',
      env: { SLUICE_STATE_DIR: '/tmp/s' },
      running: ['.sluice'],
      kind: 'cluster',
    },
    {
      what: '--context over a running local runtime',
      flags: { context: 'prod' },
      running: ['.sluice'],
      kind: 'cluster',
    },
    {
      what: '--kubeconfig over a running local runtime',
      flags: { kubeconfig: '/k' },
      running: ['.sluice'],
      kind: 'cluster',
    },
    { what: '--local even when nothing runs', flags: { local: true }, kind: 'local', stateDir: '.sluice' },
    { what: '--state-dir', flags: { stateDir: '/x' }, kind: 'local', stateDir: '/x' },
    { what: 'SLUICE_TARGET=local', env: { SLUICE_TARGET: 'local' }, kind: 'local', stateDir: '.sluice' },
    {
      what: 'SLUICE_TARGET=cluster over a running local runtime',
      env: { SLUICE_TARGET: 'cluster' },
      running: ['.sluice'],
      kind: 'cluster',
    },
    {
      what: '--local over SLUICE_TARGET=cluster',
      flags: { local: true },
      env: { SLUICE_TARGET: 'cluster' },
      kind: 'local',
      stateDir: '.sluice',
    },
  ];
  for (const { what, flags, env, running, kind, stateDir } of cases) {
    it(`picks ${what}`, () => {
      const choice = chooseTarget({ ...none, ...flags }, env ?? {}, (dir) => (running ?? []).includes(dir));
      assert.equal(choice.kind, kind);
      if (choice.kind === 'local') assert.equal(choice.stateDir, stateDir);
    });
  }

  it('refuses flags of both targets', () => {
    assert.throws(
      () => chooseTarget({ ...none, local: true, context: 'prod' }, {}, () => false),
      /name different targets/,
    );
  });

  it('refuses an unknown SLUICE_TARGET', () => {
    assert.throws(
      () => chooseTarget(none, { SLUICE_TARGET: 'moon' }, () => false),
      /SLUICE_TARGET must be local or cluster, not "moon"/,
    );
  });
});
