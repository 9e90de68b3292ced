// The event log kept on disk: read back by a new log on the same directory, repeats counted, at most
// MAX_EVENTS per object, an object's file gone when it is forgotten, an unreadable file skipped.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { EventLog, MAX_EVENTS } from '../../../../../src/runtime/local/controller/event-log.ts';
import { EventFiles } from '../../../../../src/runtime/local/store/event-files.ts';

const stateDir = mkdtempSync(path.join(os.tmpdir(), 'sluice-event-log-'));
after(() => rmSync(stateDir, { recursive: true, force: true }));
const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('EventLog with EventFiles', () => {
  it('is read back by a new log, repeats counted and bounded per object', () => {
    const log = new EventLog(new EventFiles(stateDir, 'rollouts'));
    log.record('demo/web', { type: 'Normal', reason: 'RolloutUpdated', message: 'updated' }, T0);
    log.record('demo/web', { type: 'Normal', reason: 'RolloutPaused', message: 'paused' }, T0 + 1000);
    log.record('demo/web', { type: 'Normal', reason: 'RolloutPaused', message: 'paused' }, T0 + 5000);
    for (let i = 0; i < MAX_EVENTS + 5; i++)
      log.record('demo/many', { type: 'Normal', reason: 'Step', message: `step ${i}` }, T0 + i * 1000);

    const again = new EventLog(new EventFiles(stateDir, 'rollouts'));
    assert.deepEqual(again.list('demo/web'), [
      {
        type: 'Normal',
        reason: 'RolloutUpdated',
        message: 'updated',
        count: 1,
        firstTimestamp: '2026-01-01T00:00:00Z',
        lastTimestamp: '2026-01-01T00:00:00Z',
      },
      {
        type: 'Normal',
        reason: 'RolloutPaused',
        message: 'paused',
        count: 2,
        firstTimestamp: '2026-01-01T00:00:01Z',
        lastTimestamp: '2026-01-01T00:00:05Z',
      },
    ]);
    const many = again.list('demo/many');
    assert.equal(many.length, MAX_EVENTS);
    assert.equal(many[0]?.message, 'step 5');
    // A repeat after the restart counts up the event read back, rather than listing it again.
    again.record('demo/web', { type: 'Normal', reason: 'RolloutPaused', message: 'paused' }, T0 + 9000);
    assert.deepEqual(
      new EventLog(new EventFiles(stateDir, 'rollouts'))
        .list('demo/web')
        .map((e) => [e.reason, e.count, e.lastTimestamp]),
      [
        ['RolloutUpdated', 1, '2026-01-01T00:00:00Z'],
        ['RolloutPaused', 3, '2026-01-01T00:00:09Z'],
      ],
    );
  });

  it('removes the file of a forgotten object, and skips an unreadable one with its reason', () => {
    const files = new EventFiles(stateDir, 'experiments');
    const log = new EventLog(files);
    log.record('demo/trial', { type: 'Normal', reason: 'ExperimentRunning', message: 'running' }, T0);
    assert.ok(existsSync(path.join(files.dir, 'demo_trial.json')));
    log.forget('demo/trial');
    assert.deepEqual(readdirSync(files.dir), []);
    writeFileSync(path.join(files.dir, 'demo_broken.json'), '{not json');
    const skipped: string[] = [];
    const read = new EventLog(new EventFiles(stateDir, 'experiments'), (file) => skipped.push(path.basename(file)));
    assert.deepEqual(read.keys(), []);
    assert.deepEqual(skipped, ['demo_broken.json']);
  });
});
