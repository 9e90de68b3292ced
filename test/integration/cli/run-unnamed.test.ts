// `sluice run -f` refuses starting manifests holding an object other than an AnalysisRun without
// metadata.name (the local runtime generates no other names), as `sluice apply` and `sluice create
// -f` do: it exits 1 before starting anything, printing the file, line and object and how to fix
// it, and stores nothing of the manifests. Run as a real process from the sources.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { after, describe, it } from 'node:test';
import { temporaryDir } from '../local/runtime/sluice-run.ts';
import { CLI, neutralEnv, ROOT } from './cli-process.ts';

const UNNAMED = `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata:
  generateName: web-
spec: {selector: {app: web}, ports: [{port: 80}]}
`;

describe('sluice run -f with an object without a name', { timeout: 120_000 }, () => {
  const children: ChildProcess[] = [];
  after(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });

  it('exits 1 naming the file, line and object, having stored nothing', async () => {
    const stateDir = temporaryDir('run-unnamed-state');
    const manifests = temporaryDir('run-unnamed-manifests');
    const file = path.join(manifests, 'services.yaml');
    writeFileSync(file, UNNAMED);
    const child = spawn(process.execPath, [CLI, 'run', '-f', manifests, '--state-dir', stateDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: neutralEnv(),
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    // A runtime that accepted the manifests keeps running: it is stopped (and the test fails) once
    // it has said it runs.
    const code = await new Promise<number | null>((resolve) => {
      child.once('close', (exitCode) => resolve(exitCode));
      child.stdout.on('data', () => {
        if (/rollout\(s\) running/.test(stdout)) child.kill('SIGTERM');
      });
    });
    assert.equal(code, 1, `stdout:\n${stdout}\nstderr:\n${stderr}`);
    assert.equal(
      stdout,
      `${file}:8: metadata.name: a Service with generateName web- and no name: the local runtime generates names for AnalysisRuns only; give metadata.name\n`,
    );
    const stored = existsSync(stateDir) ? readdirSync(stateDir, { recursive: true }).map(String) : [];
    assert.deepEqual(
      stored.filter((entry) => /web/.test(entry)),
      [],
      'neither Service is stored',
    );
  });
});
