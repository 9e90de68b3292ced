// A template's `call .time.Parse` against Go's time.Parse(time.RFC3339, ...) as the notifications
// engine's conditions call it (test/oracles/notification-when, the same Go function): the parsed
// time keeps the zone of its offset, so Format and String print the wall clock of that offset.
// Generated timestamps (UTC, offsets east and west, fractions) and layouts; the outputs must be
// the same. Reproduce a failure with SLUICE_ORACLE_SEED=<seed>.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { templateVariables } from '../../../src/notifications/notify.ts';
import { compileTemplate } from '../../../src/notifications/template/index.ts';
import { oracleSeed, seededRandom, type Random } from '../../oracles/random.ts';
import { runOracle } from '../../oracles/run-oracle.ts';
import { buildGoProgram, goSkipReason } from '../../support/go-program.ts';

const skip = goSkipReason();
const oracleDir = path.resolve(import.meta.dirname, '../../oracles/notification-when');

const LAYOUTS = [
  '15:04',
  '2006-01-02T15:04:05Z07:00',
  '2006-01-02 15:04:05.000 -0700',
  'Mon Jan _2 15:04:05 2006',
  '3:04PM Z0700',
  '02 Jan 06 15:04 -07:00',
];

const pad = (n: number): string => String(n).padStart(2, '0');

function timestamp(random: Random): string {
  const d = new Date(Date.UTC(2026, 11, 7) + (random.int(2_000_001) - 1_000_000) * 60_000);
  const fraction = random.chance(0.3) ? `.${String(random.int(1000)).padStart(3, '0')}` : '';
  const zone = random.chance(0.3)
    ? 'Z'
    : `${random.pick(['+', '-'])}${pad(random.pick([0, 2, 5, 9, 14]))}:${pad(random.pick([0, 30, 45]))}`;
  return `${d.toISOString().slice(0, 19)}${fraction}${zone}`;
}

interface GoOutcome {
  error?: string;
  compileError?: string;
  value?: unknown;
}

describe('a template’s time.Parse keeps the offset it read, as Go’s time.Parse does', { skip }, () => {
  it('Format and String of parsed times agree with Go over generated timestamps', () => {
    const seed = oracleSeed();
    const random = seededRandom(seed);
    const cases = Array.from({ length: 300 }, () => ({
      at: timestamp(random),
      layout: random.chance(0.15) ? undefined : random.pick(LAYOUTS),
    }));
    const go = runOracle<unknown, GoOutcome>(
      buildGoProgram(oracleDir),
      cases.map((c) => ({
        when:
          c.layout === undefined
            ? 'time.Parse(rollout.at).String()'
            : `time.Parse(rollout.at).Format(${JSON.stringify(c.layout)})`,
        rollout: { at: c.at },
        now: '2026-12-07T10:00:00Z',
      })),
      { env: { TZ: 'UTC' } },
    );
    const wrong: string[] = [];
    let offsets = 0;
    cases.forEach((c, i) => {
      const expected = go[i]?.value;
      assert.equal(typeof expected, 'string', `Go failed on ${JSON.stringify(c)}: ${JSON.stringify(go[i])}`);
      const source =
        c.layout === undefined
          ? '{{ call .time.Parse .rollout.at }}'
          : `{{ (call .time.Parse .rollout.at).Format ${JSON.stringify(c.layout)} }}`;
      const ours = compileTemplate('t', source).execute(templateVariables({ at: c.at }, {}, 0), { now: 0 });
      if (!c.at.endsWith('Z') && !/[+-]00:00$/.test(c.at)) offsets++;
      if (ours !== expected)
        wrong.push(`${source} at ${c.at}: Go ${JSON.stringify(expected)}, sluice ${JSON.stringify(ours)}`);
    });
    assert.ok(offsets > 100, `only ${offsets} timestamps with an offset`);
    assert.equal(wrong.length, 0, `seed ${seed} (SLUICE_ORACLE_SEED=${seed}):\n${wrong.slice(0, 10).join('\n')}`);
  });
});
