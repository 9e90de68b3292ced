// A job metric's container under `sluice run` gets the same mesh variables as a pod's: the
// gateway as its HTTP proxy, and SLUICE_MESH_METRICS (where the mesh's metrics are scraped), so a
// job can read the mesh's request metrics as a Prometheus pod does.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { readSources } from '../../../../src/cli/lint/read-sources.ts';
import { startLocalRuntime, type LocalRuntime } from '../../../../src/runtime/local/run.ts';
import { waitFor } from '../../../support/ports.ts';
import { IMAGES, temporaryDir } from './sluice-run.ts';

const RUN = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: mesh-env}
spec:
  metrics:
    - name: reads-mesh-metrics
      provider:
        job:
          spec:
            backoffLimit: 0
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: check
                    image: node
                    command:
                      - sh
                      - -c
                      - 'test -n "$http_proxy" && curl -sf "http://$SLUICE_MESH_METRICS/stats/prometheus" > /dev/null'
`;

describe('a job metric under sluice run', () => {
  let runtime: LocalRuntime | undefined;
  after(async () => {
    await runtime?.stop();
  });

  it("gets the gateway as its proxy and the mesh's metrics address", async () => {
    const dir = temporaryDir('job-mesh-env');
    writeFileSync(path.join(dir, 'run.yaml'), RUN);
    runtime = await startLocalRuntime({
      stateDir: temporaryDir('job-mesh-env-state'),
      sources: readSources([dir]),
      imagesFile: IMAGES,
    });
    const started = runtime;
    const phase = await waitFor(
      'the AnalysisRun to end',
      async () => {
        const status = started.store.get('AnalysisRun', 'default', 'mesh-env')?.status;
        return status?.phase && !['Pending', 'Running'].includes(status.phase) ? status : undefined;
      },
      60_000,
    );
    assert.equal(phase.phase, 'Successful', JSON.stringify(phase));
  });
});
