// A standalone Experiment run by `sluice run` for the CLI's experiment tests: the manifests written
// to a folder, the runtime's state directory `.sluice` in a working folder, so that the CLI run
// there (`cli`) finds the runtime as a user's would.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Experiment } from '../../src/api/types/experiment.ts';
import { type CliResult, sluice } from '../integration/cli/cli-process.ts';
import { startSluice, temporaryDir, type RunningSluice } from '../integration/local/runtime/sluice-run.ts';

/** The Experiment `trial`: one template, `candidate`, a real colorapi pod, scaled down as soon as it ends. */
export const TRIAL_EXPERIMENT = `apiVersion: argoproj.io/v1alpha1
kind: Experiment
metadata:
  name: trial
spec:
  scaleDownDelaySeconds: 0
  templates:
    - name: candidate
      selector: {matchLabels: {app: candidate}}
      template:
        metadata: {labels: {app: candidate}}
        spec:
          containers: [{name: web, image: "sluice/colorapi:1.0", ports: [{containerPort: 8080}]}]
`;

/** The Experiment `trial`: `replicas` pods of colorapi:red in its template `candidate`, ready on /health. */
export function candidateExperiment(replicas: number): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Experiment
metadata: {name: trial}
spec:
  templates:
    - name: candidate
      replicas: ${replicas}
      selector: {matchLabels: {app: candidate}}
      template:
        metadata: {labels: {app: candidate}}
        spec:
          containers:
            - name: colorapi
              image: ghcr.io/sluice-examples/colorapi:red
              ports: [{name: http, containerPort: 8080}]
              readinessProbe: {periodSeconds: 1, httpGet: {path: /health, port: http}}
`;
}

export interface ExperimentRuntime {
  running: RunningSluice;
  /** The working folder, whose `.sluice` is the runtime's state directory. */
  workDir: string;
  /** Runs bin/sluice in the working folder. */
  cli(...args: string[]): Promise<CliResult>;
  /** The Experiment `name` of namespace default, as the runtime's API holds it. */
  experiment(name?: string): Promise<Experiment>;
}

/** Starts `sluice run` over `manifests` (YAML), written as experiment.yaml. */
export async function startExperimentRuntime(prefix: string, manifests: string): Promise<ExperimentRuntime> {
  const folder = temporaryDir(`${prefix}-manifests`);
  writeFileSync(path.join(folder, 'experiment.yaml'), manifests);
  const workDir = temporaryDir(`${prefix}-work`);
  mkdirSync(path.join(workDir, '.sluice'));
  const running = await startSluice([folder], { stateDir: path.join(workDir, '.sluice') });
  return {
    running,
    workDir,
    cli: (...args) => sluice(args, { cwd: workDir }),
    experiment: (name = 'trial') => running.client.get<Experiment>(`/api/v1/experiments/default/${name}`),
  };
}
