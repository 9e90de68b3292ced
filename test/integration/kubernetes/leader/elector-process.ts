// A leader election candidate in its own process, so a test can kill it (SIGKILL: no release,
// no goodbye) as a crashed controller replica. Prints one JSON line per change on stdout.
// Usage: node elector-process.ts KUBECONFIG NAMESPACE LEASE IDENTITY LEASE_MS RENEW_MS RETRY_MS
import process from 'node:process';
import { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import { loadConnection } from '../../../../src/platform/kubernetes/client/load-connection.ts';
import { startLeaderElection } from '../../../../src/platform/kubernetes/leader/leader-elector.ts';

const [kubeconfig = '', namespace = '', name = '', identity = '', leaseMs = '', renewMs = '', retryMs = ''] =
  process.argv.slice(2);
const client = new KubeClient(loadConnection({ kubeconfig, env: {} }));
const say = (event: string): void => {
  process.stdout.write(`${JSON.stringify({ event, at: Date.now() })}\n`);
};
startLeaderElection({
  client,
  namespace,
  name,
  identity,
  leaseDurationMs: Number(leaseMs),
  renewDeadlineMs: Number(renewMs),
  retryPeriodMs: Number(retryMs),
  onStartedLeading: () => say('leading'),
  onStoppedLeading: () => say('stopped'),
});
// Keeps the process alive (the client's timers are unref'd).
setInterval(() => undefined, 60_000);
