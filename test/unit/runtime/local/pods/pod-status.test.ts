import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  podPhase,
  type ContainerState,
  type ContainerStatus,
} from '../../../../../src/runtime/local/pods/pod-status.ts';

function container(state: ContainerState, restartCount = 0): ContainerStatus {
  return { name: 'c', state, ready: false, started: false, restartCount, ports: [], stderrTail: [] };
}
const running: ContainerState = { kind: 'Running', startedAt: 1 };
const creating: ContainerState = { kind: 'Waiting', reason: 'ContainerCreating' };
const crashLoop: ContainerState = { kind: 'Waiting', reason: 'CrashLoopBackOff' };
const done: ContainerState = { kind: 'Terminated', reason: 'Completed', exitCode: 0, finishedAt: 2 };
const failed: ContainerState = { kind: 'Terminated', reason: 'Error', exitCode: 1, finishedAt: 2 };

const cases: Array<[string, ContainerStatus[], string, string]> = [
  ['never started', [container(creating)], 'Always', 'Pending'],
  ['one running', [container(running), container(creating)], 'Always', 'Running'],
  ['restarting after a crash', [container(crashLoop, 2)], 'Always', 'Running'],
  ['all completed, Never', [container(done)], 'Never', 'Succeeded'],
  ['one failed, OnFailure would restart but has stopped', [container(done), container(failed)], 'Never', 'Failed'],
];
for (const [name, containers, policy, phase] of cases) {
  test(`podPhase: ${name} -> ${phase}`, () => assert.equal(podPhase(containers, policy), phase));
}
