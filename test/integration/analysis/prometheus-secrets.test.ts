// Secret args in a prometheus query, against a real Prometheus: its parse errors quote the piece
// of the query where parsing stopped (`unexpected identifier "horse"`, a regexp's `[horse)$`),
// which may be part of the secret; no redaction of the whole secret catches that. The run must
// show no piece of it, in any form.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { standardProviders } from '../../../src/analysis/providers/index.ts';
import type { AnalysisRun, Metric } from '../../../src/api/types/analysis.ts';
import { driveAnalysisRun } from '../../../src/runtime/analysis/run-loop.ts';
import { fastForwardClock } from '../../support/clock.ts';
import { startExporter, type Exporter } from '../../support/exporter.ts';
import { prometheusSkipReason, startPrometheus, type PrometheusServer } from '../../support/prometheus.ts';
import { AWKWARD_SECRET, secretLeaks } from '../../support/secret-leaks.ts';

const skip = prometheusSkipReason();
const PIECE = 5;
const CASES: Array<{ secret: string; queries: string[]; quoted: boolean }> = [
  { secret: AWKWARD_SECRET, queries: ['up{job="{{args.token}}"}', 'sum(up) + {{args.token}}'], quoted: false },
  { secret: 'Tr0ub4dor[horse', queries: ['up{job=~"{{args.token}}"}'], quoted: true },
  { secret: 'correct horse battery', queries: ['sum(up) + {{args.token}}'], quoted: true },
];

describe('secret args in a prometheus query (real Prometheus)', { skip }, () => {
  let exporter: Exporter;
  let prometheus: PrometheusServer;

  before(async () => {
    exporter = await startExporter();
    prometheus = await startPrometheus([exporter.target]);
  });
  after(async () => {
    await prometheus?.stop();
    await exporter?.close();
  });

  for (const { secret, queries, quoted } of CASES) {
    it(`shows no piece of ${JSON.stringify(secret)} from Prometheus's answers`, async () => {
      if (quoted) {
        // Prometheus itself quotes a piece of the secret here (else this case proves nothing).
        const answers = await Promise.all(
          queries.map(async (query) => {
            const response = await fetch(`${prometheus.address}/api/v1/query`, {
              method: 'POST',
              body: new URLSearchParams({ query: query.replace('{{args.token}}', secret) }),
            });
            return response.text();
          }),
        );
        assert.ok(
          answers.every((text) => !text.includes(secret) && secretLeaks(text, secret, PIECE).length > 0),
          `Prometheus quoted no piece of the secret: ${answers.join('\n')}`,
        );
      }
      const metrics = queries.map(
        (query, index): Metric => ({
          name: `q${index}`,
          count: 1,
          consecutiveErrorLimit: 0,
          provider: { prometheus: { address: prometheus.address, query } },
        }),
      );
      const run: AnalysisRun = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AnalysisRun',
        metadata: { name: 'secrets', namespace: 'default' },
        spec: { args: [{ name: 'token', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }], metrics },
      };
      const events: string[] = [];
      const finished = await driveAnalysisRun(run, {
        providers: standardProviders(),
        clock: fastForwardClock(),
        readSecret: async () => secret,
        onEvent: (event) => events.push(JSON.stringify(event)),
      });
      const everything = `${JSON.stringify(finished, null, 2)}\n${events.join('\n')}`;
      const leaks = secretLeaks(everything, secret, PIECE);
      assert.deepEqual(leaks, [], `${leaks.join('\n')}\n${everything}`);
      for (const result of finished.status?.metricResults ?? []) {
        assert.equal(result.phase, 'Error');
        assert.match(
          result.measurements?.[0]?.message ?? '',
          /the query holds a secret argument, so the answer is not shown/,
        );
      }
    });
  }
});
