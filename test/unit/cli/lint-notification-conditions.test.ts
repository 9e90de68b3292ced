// `sluice lint` on a notification ConfigMap's triggers: a `when` calling time.Now(), time.Parse()
// and the methods of times and durations compiles (as the notifications engine accepts it); a
// method sluice does not evaluate is a warning naming those it does, as is comparing Month() or
// Weekday() with a number (never equal in expr-lang); a `when` that does not parse stays an error.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

function lint(dir: string) {
  const result = spawnSync(path.join(repoRoot, 'bin', 'sluice'), ['lint', '-f', dir], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function configMap(triggers: Record<string, string>): string {
  const data = Object.entries(triggers)
    .map(([name, when]) => `  trigger.${name}: |\n    - when: ${when}\n      send: [slow]\n`)
    .join('');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-notification-configmap\ndata:\n  template.slow: |\n    message: Rollout {{.rollout.metadata.name}} is slow\n${data}`;
}

test('a `when` calling time.Now(), time.Parse() and their methods passes lint', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-lint-notifications-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    path.join(dir, 'configmap.yaml'),
    configMap({
      'on-slow': `time.Now().Sub(time.Parse(rollout.status.conditions[0].lastUpdateTime)).Minutes() > 5 && rollout.status.phase == 'Progressing'`,
      'on-old': `time.Parse(rollout.metadata.creationTimestamp).Add(duration("1h")).Before(time.Now())`,
      'on-late': `time.Now().Unix() - time.Parse(rollout.status.conditions[0].lastTransitionTime).Unix() > 600`,
    }),
  );
  const result = lint(dir);
  assert.equal(result.stderr, '');
  assert.match(result.stdout, /^ok: \d+ objects in 1 files\n$/);
  assert.equal(result.code, 0);
});

test('a method sluice does not evaluate is a warning; a `when` that does not parse is an error', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-lint-notifications-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    path.join(dir, 'configmap.yaml'),
    configMap({
      'on-added': `time.Now().AddDate(0, 0, 1).GoString() != ""`,
      'on-broken': 'time.Now().Sub(',
      // Read in the controller's zone: these sluice evaluates.
      'on-formatted': `time.Now().UTC().Format("2006-01-02") == "2026-12-07" && time.Now().Hour() >= 9`,
      'on-weekday': `time.Now().Weekday() == 1 || time.Now().Month() in [1, 12]`,
      // expr-lang's checker knows date()'s type: comparing its Month() with an int does not compile.
      'on-typed': `date("2026-12-07").Month() == 12`,
    }),
  );
  const lines = lint(dir).stdout.trim().split('\n');
  assert.equal(lines.length, 5, lines.join('\n'));
  assert.match(
    lines.find((line) => line.includes('on-typed')) ?? '',
    /data\[trigger\.on-typed\]: condition 0: when does not compile: invalid operation: == \(mismatched types time\.Month and int\)/,
  );
  assert.match(
    lines.find((line) => line.includes('on-added')) ?? '',
    /warning: condition 0: when calls GoString\(\), which sluice does not evaluate .*: it calls time\.Now, time\.Parse, Sub, Add, .*Hour, .*Format/,
  );
  assert.ok(!lines.some((line) => line.includes('on-formatted')), lines.join('\n'));
  const weekday = lines.filter((line) => line.includes('on-weekday'));
  assert.equal(weekday.length, 2, weekday.join('\n'));
  assert.match(weekday.join('\n'), /compares Weekday\(\) with a number, which is never equal .*int\(t\.Weekday\(\)\)/);
  assert.match(weekday.join('\n'), /compares Month\(\) with a number/);
  assert.match(
    lines.find((line) => line.includes('on-broken')) ?? '',
    /data\[trigger\.on-broken\]: condition 0: when does not compile: unexpected end of expression/,
  );
  assert.equal(lint(dir).code, 1);
});
