// Every verb of the CLI against a real local runtime (`sluice run` as a process): output, exit
// codes, errors as one sentence, -o json|yaml, colour, -w for a bounded time, status exit codes.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RolloutDetail } from '../../../src/runtime/local/api/rollout-details.ts';
import {
  FIXTURES,
  startSluice,
  temporaryDir,
  waitForRollout,
  type RunningSluice,
} from '../local/runtime/sluice-run.ts';
import { waitFor } from '../../support/ports.ts';
import { isOneSentence, neutralEnv, sluice, sluiceWatching } from './cli-process.ts';
import { complete, completionScript, installed, skipUnlessInstalled } from './shell-completion.ts';

const BLUE = 'ghcr.io/sluice-examples/colorapi:blue';
const RED = 'ghcr.io/sluice-examples/colorapi:red';

describe('the CLI against the local runtime', { timeout: 300_000 }, () => {
  let running: RunningSluice;
  let workDir = '';
  /** Runs the CLI in a directory whose .sluice is the running runtime: found without any flag. */
  const cli = (...args: string[]) => sluice(args, { cwd: workDir });
  const detail = (): Promise<RolloutDetail> => running.client.get<RolloutDetail>('/api/v1/rollouts/default/colorapi');
  const imageOf = (d: RolloutDetail) => d.rollout.spec.template?.spec?.containers[0]?.image;

  before(async () => {
    workDir = temporaryDir('cli-work');
    const stateDir = path.join(workDir, '.sluice');
    mkdirSync(stateDir);
    running = await startSluice([path.join(FIXTURES, 'canary-basic')], { stateDir });
    await waitForRollout(
      running,
      'default',
      'colorapi',
      'the first revision to be Healthy',
      (d) => d.rollout.status?.phase === 'Healthy',
    );
  });

  after(async () => {
    await running?.stop();
  });

  it('finds the running runtime in .sluice without flags, and says so with -v', async () => {
    const result = await cli('get', 'rollout', 'colorapi', '-v');
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /^target: local runtime at http:\/\/127\.0\.0\.1:\d+ .*chosen by a sluice run is running in \.sluice\//,
    );
  });

  it('get rollout prints the header and the tree, coloured only when asked', async () => {
    const plain = await cli('get', 'rollout', 'colorapi');
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /^Name: +colorapi\nNamespace: +default\nStatus: +✔ Healthy\n/);
    assert.match(plain.stdout, /⟳ colorapi +Rollout +✔ Healthy/);
    assert.equal((plain.stdout.match(/□ colorapi-\w+-\w+ +Pod +✔ Running/g) ?? []).length, 5);
    assert.doesNotMatch(plain.stdout, /\x1b\[/);
    const forced = await sluice(['get', 'rollout', 'colorapi'], {
      cwd: workDir,
      env: neutralEnv({ FORCE_COLOR: '1' }),
    });
    assert.match(forced.stdout, /\x1b\[32m✔\x1b\[0m Healthy/);
    const noColor = await sluice(['get', 'rollout', 'colorapi', '--no-color'], {
      cwd: workDir,
      env: neutralEnv({ FORCE_COLOR: '1' }),
    });
    assert.doesNotMatch(noColor.stdout, /\x1b\[/);
  });

  it('-o json and -o yaml print the Rollout itself', async () => {
    const json = await cli('get', 'rollout', 'colorapi', '-o', 'json');
    const object = JSON.parse(json.stdout) as { kind: string; metadata: { name: string }; status: { phase: string } };
    assert.deepEqual([object.kind, object.metadata.name, object.status.phase], ['Rollout', 'colorapi', 'Healthy']);
    const yaml = await cli('get', 'rollout', 'colorapi', '-o', 'yaml');
    assert.match(yaml.stdout, /^apiVersion: argoproj\.io\/v1alpha1\nkind: Rollout\nmetadata:\n {2}name: colorapi\n/);
    const list = await cli('list', 'rollouts', '-o', 'json');
    assert.equal((JSON.parse(list.stdout) as { kind: string; items: unknown[] }).items.length, 1);
  });

  it('list rollouts prints a row per rollout, with NAMESPACE under -A', async () => {
    const result = await cli('list', 'rollouts');
    assert.match(
      result.stdout,
      /^NAME +STRATEGY +STATUS +STEP +SET-WEIGHT +READY +DESIRED +UP-TO-DATE +AVAILABLE\ncolorapi +Canary +Healthy +4\/4 +100 +5\/5 +5 +5 +5\n$/,
    );
    const all = await cli('list', 'rollouts', '-A');
    assert.match(all.stdout, /^NAMESPACE +NAME +STRATEGY[^\n]*\ndefault +colorapi +Canary/);
    const names = await cli('list', 'rollouts', '-o', 'name');
    assert.equal(names.stdout, 'colorapi\n');
    const elsewhere = await cli('list', 'rollouts', '-n', 'other');
    assert.deepEqual(
      [elsewhere.code, elsewhere.stdout, elsewhere.stderr],
      [0, '', 'No resources found in other namespace.\n'],
    );
  });

  it('set image starts a new revision; status times out (exit 1) while it waits at a pause; promote lets it finish (exit 0)', async () => {
    const set = await cli('set', 'image', 'colorapi', `colorapi=${BLUE}`);
    assert.deepEqual([set.code, set.stdout], [0, 'rollout "colorapi" image updated\n']);
    await waitForRollout(
      running,
      'default',
      'colorapi',
      'the pause at step 1',
      (d) => d.rollout.status?.pauseConditions?.length === 1,
    );
    const waiting = await cli('status', 'colorapi', '--timeout', '2s');
    assert.equal(waiting.code, 1);
    assert.match(waiting.stdout, /^Paused - CanaryPauseStep\n$/);
    assert.match(
      waiting.stderr,
      /^sluice status: timed out \(2s\) waiting for rollout 'colorapi' to be Healthy; last status: Paused - CanaryPauseStep\n$/,
    );
    const once = await cli('status', 'colorapi', '--watch=false');
    assert.deepEqual([once.code, once.stdout], [0, 'Paused - CanaryPauseStep\n']);

    const promote = await cli('promote', 'colorapi');
    assert.deepEqual([promote.code, promote.stdout], [0, "rollout 'colorapi' promoted\n"]);
    const status = await cli('status', 'colorapi', '--timeout', '90s');
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /Healthy\n$/);
    assert.equal(imageOf(await detail()), BLUE);
  });

  it('get rollout -w redraws in place until interrupted, then exits 0 with the cursor back', async () => {
    const result = await sluiceWatching(['get', 'rollout', 'colorapi', '-w'], (out) => out.includes('⟳ colorapi'), {
      cwd: workDir,
      beforeStop: async () => {
        await cli('pause', 'colorapi');
        await waitForRollout(running, 'default', 'colorapi', 'the pause', (d) => d.rollout.spec.paused === true);
      },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.startsWith('\x1b[?25l'), 'hides the cursor');
    assert.ok(result.stdout.endsWith('\x1b[?25h'), 'gives the cursor back');
    assert.doesNotMatch(result.stdout, /\x1b\[2J/, 'never clears the screen');
    await cli('resume', 'colorapi');
  });

  it('list rollouts -w prints a row again when it changes', async () => {
    const result = await sluiceWatching(['list', 'rollouts', '-w'], (out) => out.includes('colorapi'), {
      cwd: workDir,
      beforeStop: async (stdout) => {
        await cli('pause', 'colorapi');
        await waitFor(
          'the Paused row',
          async () => /\ncolorapi +Canary +Paused/.test(stdout()) || undefined,
          30_000,
          50,
        );
      },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^NAME +STRATEGY[^\n]*\ncolorapi +Canary +Healthy[^\n]*\ncolorapi +Canary +Paused/);
    await cli('resume', 'colorapi');
  });

  it('pause and resume set and clear spec.paused', async () => {
    const pause = await cli('pause', 'colorapi');
    assert.deepEqual([pause.code, pause.stdout], [0, "rollout 'colorapi' paused\n"]);
    assert.equal((await detail()).rollout.spec.paused, true);
    const resume = await cli('resume', 'colorapi');
    assert.deepEqual([resume.code, resume.stdout], [0, "rollout 'colorapi' resumed\n"]);
    assert.notEqual((await detail()).rollout.spec.paused, true);
  });

  it('abort makes the rollout Degraded (status exits 1); retry starts it again, and is refused when not aborted', async () => {
    await cli('set', 'image', 'colorapi', `*=${RED}`);
    await waitForRollout(
      running,
      'default',
      'colorapi',
      'the new revision paused',
      (d) => d.rollout.status?.pauseConditions?.length === 1,
    );
    const abort = await cli('abort', 'colorapi');
    assert.deepEqual([abort.code, abort.stdout], [0, "rollout 'colorapi' aborted\n"]);
    const status = await cli('status', 'colorapi', '--timeout', '60s');
    assert.equal(status.code, 1);
    assert.match(status.stdout, /Degraded - RolloutAborted/);
    assert.match(status.stderr, /^sluice status: rollout 'colorapi' is Degraded: RolloutAborted/);
    const retry = await cli('retry', 'rollout', 'colorapi');
    assert.deepEqual([retry.code, retry.stdout], [0, "rollout 'colorapi' retried\n"]);
    assert.notEqual((await detail()).rollout.status?.abort, true);
    const again = await cli('retry', 'rollout', 'colorapi');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^sluice retry: rollout 'colorapi' is not aborted/);
    assert.ok(isOneSentence(again.stderr));
  });

  it('promote --full sets promoteFull and the rollout ends Healthy', async () => {
    const full = await cli('promote', 'colorapi', '--full');
    assert.deepEqual([full.code, full.stdout], [0, "rollout 'colorapi' fully promoted\n"]);
    const status = await cli('status', 'colorapi', '--timeout', '90s');
    assert.equal(status.code, 0, status.stdout + status.stderr);
    assert.equal(imageOf(await detail()), RED);
  });

  it("undo writes the previous revision's template back; restart sets spec.restartAt", async () => {
    const undo = await cli('undo', 'colorapi');
    assert.deepEqual([undo.code, undo.stdout], [0, "rollout 'colorapi' undo\n"]);
    assert.equal(imageOf(await detail()), BLUE);
    const before = Date.now() - 1000;
    const restart = await cli('restart', 'colorapi');
    assert.deepEqual([restart.code, restart.stdout], [0, "rollout 'colorapi' restarts in 0s\n"]);
    const restartAt = (await detail()).rollout.spec.restartAt;
    assert.ok(restartAt && Date.parse(restartAt) >= before - 1000, `restartAt ${restartAt}`);
    const tooFar = await cli('undo', 'colorapi', '--to-revision', '99');
    assert.equal(tooFar.code, 1);
    assert.match(tooFar.stderr, /has no revision 99/);
  });

  it('restart --in sets spec.restartAt that long from now and says so', async () => {
    const before = Date.now();
    const restart = await cli('restart', 'colorapi', '--in', '1h');
    assert.deepEqual([restart.code, restart.stdout], [0, "rollout 'colorapi' restarts in 1h\n"], restart.stderr);
    const restartAt = Date.parse((await detail()).rollout.spec.restartAt ?? '');
    assert.ok(
      restartAt >= before + 3_600_000 - 1000 && restartAt <= Date.now() + 3_600_000,
      `restartAt ${restartAt - before} ms from now`,
    );
    const bad = await cli('restart', 'colorapi', '-i', 'soon');
    assert.deepEqual(
      [bad.code, bad.stderr],
      [1, 'sluice restart: --in takes a duration such as 30s, 5m or 1h, not "soon"\n'],
    );
  });

  it('get rollout -w --timeout-seconds stops watching by itself after that long, exit 0', async () => {
    const started = Date.now();
    const result = await cli('get', 'rollout', 'colorapi', '-w', '--timeout-seconds', '2');
    assert.equal(result.code, 0, result.stderr);
    assert.ok(Date.now() - started >= 2000, 'watched for the two seconds');
    assert.match(result.stdout, /colorapi/);
    const bad = await cli('get', 'rollout', 'colorapi', '-w', '--timeout-seconds', '1m');
    assert.deepEqual(
      [bad.code, bad.stderr],
      [1, 'sluice get: --timeout-seconds takes a whole number of seconds, not "1m"\n'],
    );
  });

  it('list rollouts --name shows that rollout only; --timestamps puts the time first', async () => {
    const named = await cli('list', 'rollouts', '--name', 'colorapi', '--timestamps');
    assert.match(named.stdout, /^TIMESTAMP +NAME +STRATEGY[^\n]*\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +colorapi +Canary/);
    const other = await cli('list', 'rollouts', '--name', 'nope');
    assert.deepEqual([other.code, other.stdout, other.stderr], [0, '', 'No resources found in default namespace.\n']);
  });

  it('says what is wrong in one sentence and exits 1', async () => {
    const cases: Array<{ args: string[]; cwd?: string; sentence: RegExp }> = [
      {
        args: ['get', 'rollout', 'nope'],
        sentence: /^sluice get: rollout nope not found in namespace default of the local runtime/,
      },
      { args: ['promote', 'nope'], sentence: /^sluice promote: rollout nope not found in namespace default/ },
      {
        args: ['get', 'analysisrun', 'nope'],
        sentence: /^sluice get: analysisrun nope not found in namespace default/,
      },
      {
        args: ['set', 'image', 'colorapi', 'nope=x'],
        sentence:
          /^sluice set: rollout 'colorapi' has no container named "nope" \(containers: colorapi\); use one of those, or \* for all\n$/,
      },
      { args: ['get', 'rollout'], sentence: /^sluice get: write sluice get rollout NAME/ },
      { args: ['get', 'rollout', 'colorapi', '--bogus'], sentence: /^sluice get: unknown flag --bogus/ },
      {
        args: ['get', 'rollout', 'x', '--local'],
        cwd: temporaryDir('empty'),
        sentence:
          /^sluice get: no local sluice runtime is running in \.sluice\/: start one with sluice run -f \.\.\.\n$/,
      },
      {
        args: ['get', 'rollout', 'x'],
        cwd: temporaryDir('empty'),
        sentence: /^sluice get: no kube context: set KUBECONFIG, pass --kubeconfig, or use --local\n$/,
      },
    ];
    for (const { args, cwd, sentence } of cases) {
      const env = neutralEnv({ HOME: cwd ?? temporaryDir('home') });
      const result = await sluice(args, { cwd: cwd ?? workDir, env });
      assert.equal(result.code, 1, `${args.join(' ')}: ${result.stdout}`);
      assert.match(result.stderr, sentence, args.join(' '));
      assert.ok(isOneSentence(result.stderr), `one sentence: ${result.stderr}`);
    }
  });

  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    it(`${shell} completion offers the rollouts of the runtime, for sluice and kubectl-sluice`, {
      skip: skipUnlessInstalled(shell),
    }, async () => {
      assert.ok(installed(shell), `${shell} is not installed; CI installs it from .ci/debian-packages`);
      const script = await completionScript(shell);
      const answers = complete(
        shell,
        script,
        ['sluice promote ', 'kubectl-sluice get rollout ', 'sluice abort -n default '],
        { cwd: workDir },
      );
      assert.deepEqual(answers, [['colorapi'], ['colorapi'], ['colorapi']]);
    });
  }
});
