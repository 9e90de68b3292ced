// `get experiment -w` against a real API server (test/controlplane, upstream Argo CRDs, where an
// Experiment has no status subresource): it follows
// the Experiment and what it owns with watches, not by listing again every second. The Experiment's
// status and an AnalysisRun it owns are written with kubectl (no controller runs); each change is
// redrawn, and the API server's own request counter shows no list of the Experiment's objects
// repeated over seconds of watching.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startControlPlane, type ControlPlane } from '../../controlplane/control-plane.ts';
import { kubectlJson, kubectlOrThrow } from '../../controlplane/kubectl.ts';
import { findBinDir } from '../../controlplane/paths.ts';
import { temporaryDir } from '../../integration/local/runtime/sluice-run.ts';
import { neutralEnv, sluiceWatching } from '../../integration/cli/cli-process.ts';
import { waitFor } from '../../support/ports.ts';

const binaries = await findBinDir();
const skip = !binaries.found && process.env['CI'] !== 'true' ? binaries.reason : false;
const NS = 'cli-experiment-watch';
/** How long the watch is followed before the requests are counted: a poll of every second would list three times. */
const WATCHED_MS = 3_500;

const experiment = `apiVersion: argoproj.io/v1alpha1
kind: Experiment
metadata: {name: trial, namespace: ${NS}}
spec:
  templates:
    - name: candidate
      selector: {matchLabels: {app: candidate}}
      template:
        metadata: {labels: {app: candidate}}
        spec: {containers: [{name: web, image: "registry.example/web:1"}]}
`;

/** The API server's count of `verb` requests on each resource, from its /metrics. */
async function requestCounts(cp: ControlPlane, verb: string): Promise<Map<string, number>> {
  const text = await kubectlOrThrow(cp.kubectl, ['get', '--raw', '/metrics']);
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('apiserver_request_total{') || !line.includes(`verb="${verb}"`)) continue;
    const resource = /resource="([^"]*)"/.exec(line)?.[1] ?? '';
    const subresource = /subresource="([^"]*)"/.exec(line)?.[1] ?? '';
    if (subresource !== '') continue;
    counts.set(resource, (counts.get(resource) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return counts;
}

describe('get experiment -w against a real API server', { skip, timeout: 600_000 }, () => {
  let cp: ControlPlane;
  let home = '';

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    home = temporaryDir('cli-experiment-watch-home');
    cp = await startControlPlane({ binDir: binaries.binDir });
    await kubectlOrThrow(cp.kubectl, ['create', 'namespace', NS]);
    await kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], { input: experiment });
  });

  after(async () => {
    await cp?.stop();
  });

  it('redraws each change of the Experiment and of what it owns, without listing them again', async () => {
    const kinds = ['experiments', 'replicasets', 'pods', 'analysisruns', 'jobs'];
    let before: { lists: Map<string, number>; gets: Map<string, number>; at: number } | undefined;
    let after: typeof before;
    const watched = await sluiceWatching(
      ['get', 'experiment', 'trial', '-w', '--no-color', '-n', NS],
      (stdout) => /Σ trial +Experiment /.test(stdout),
      {
        env: neutralEnv({ KUBECONFIG: cp.kubeconfigPath, HOME: home }),
        beforeStop: async (stdout) => {
          // The informers list once after the first frame: counted from the first change seen after it.
          await kubectlOrThrow(cp.kubectl, [
            'patch',
            'experiment',
            'trial',
            '-n',
            NS,
            '--type=merge',
            '-p',
            '{"status":{"phase":"Running","message":"first change"}}',
          ]);
          await waitFor(
            'the watch to redraw the Running phase',
            async () => /Status: +◌ Running/.test(stdout()) || undefined,
          );
          const { metadata } = await kubectlJson<{ metadata: { uid: string } }>(cp.kubectl, [
            'get',
            'experiment',
            'trial',
            '-n',
            NS,
            '-o',
            'json',
          ]);
          // The test's own reads are done: what is counted from here on is the watch's.
          before = { lists: await requestCounts(cp, 'LIST'), gets: await requestCounts(cp, 'GET'), at: Date.now() };
          const run = {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'AnalysisRun',
            metadata: {
              name: 'trial-check',
              namespace: NS,
              ownerReferences: [
                {
                  apiVersion: 'argoproj.io/v1alpha1',
                  kind: 'Experiment',
                  name: 'trial',
                  uid: metadata.uid,
                  controller: true,
                },
              ],
            },
            spec: { metrics: [{ name: 'rate', provider: { web: { url: 'http://metrics.example/' } } }] },
          };
          await kubectlOrThrow(cp.kubectl, ['create', '-f', '-'], { input: JSON.stringify(run) }); // create: no read first, as apply does
          await waitFor(
            'the watch to draw the AnalysisRun the Experiment owns',
            async () => /α trial-check +AnalysisRun /.test(stdout()) || undefined,
          );
          const since = before.at;
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, since + WATCHED_MS - Date.now())));
          after = { lists: await requestCounts(cp, 'LIST'), gets: await requestCounts(cp, 'GET'), at: Date.now() };
        },
      },
    );
    assert.equal(watched.code, 0, watched.stderr);
    assert.ok(before && after);
    assert.ok(after.at - before.at >= WATCHED_MS);
    for (const kind of kinds) {
      const lists: number = (after.lists.get(kind) ?? 0) - (before.lists.get(kind) ?? 0);
      const gets: number = (after.gets.get(kind) ?? 0) - (before.gets.get(kind) ?? 0);
      assert.equal(lists, 0, `${kind} listed ${lists} times while watched for ${after.at - before.at} ms`);
      assert.equal(gets, 0, `${kind} read ${gets} times while watched`);
    }
    assert.ok(
      watched.stdout.indexOf('◌ Running') < watched.stdout.lastIndexOf('α trial-check'),
      'the run is drawn after the phase changed',
    );
  });
});
