// Leader election against the real API server: one of two candidates leads; when the leader's
// process dies the other takes over within the lease time (measured); stop() hands over at once;
// a leader that loses the lease, or cannot renew it, stops leading.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import process from 'node:process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { startLeaderElection, type LeaderElector } from '../../../../src/platform/kubernetes/leader/leader-elector.ts';
import { microTime, type Lease } from '../../../../src/platform/kubernetes/leader/lease-record.ts';
import { startControlPlane } from '../../../controlplane/control-plane.ts';
import { pollUntil } from '../../../controlplane/poll.ts';
import { startFaultyProxy } from '../../../support/faulty-proxy.ts';
import {
  binaries,
  clusterOf,
  namespaceManifest,
  skipWithoutControlPlane,
  type Cluster,
} from '../client/control-plane-harness.ts';

const NAMESPACE = 'leader-test';
const LEASE_MS = 3000;
const RENEW_MS = 2000;
const RETRY_MS = 400;
const timing = { leaseDurationMs: LEASE_MS, renewDeadlineMs: RENEW_MS, retryPeriodMs: RETRY_MS };

interface Candidate {
  elector: LeaderElector;
  startedAt: number[];
  stoppedAt: number[];
  signals: AbortSignal[];
}

function candidate(client: KubeClient, lease: string, identity: string): Candidate {
  const record: Omit<Candidate, 'elector'> = { startedAt: [], stoppedAt: [], signals: [] };
  const elector = startLeaderElection({
    client,
    namespace: NAMESPACE,
    name: lease,
    identity,
    ...timing,
    onStartedLeading: (signal) => {
      record.startedAt.push(Date.now());
      record.signals.push(signal);
    },
    onStoppedLeading: () => {
      record.stoppedAt.push(Date.now());
    },
  });
  return { elector, ...record };
}

async function readLease(client: KubeClient, name: string): Promise<Lease> {
  return client.get<Lease>(coreResources.leases, NAMESPACE, name);
}

describe('leader election against the real API server', { skip: skipWithoutControlPlane, timeout: 300_000 }, () => {
  let cluster: Cluster | undefined;
  const children: ChildProcess[] = [];
  const electors: LeaderElector[] = [];
  const current = (): Cluster => {
    if (cluster === undefined) throw new Error('the control plane did not start');
    return cluster;
  };
  const track = (c: Candidate): Candidate => {
    electors.push(c.elector);
    return c;
  };

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    cluster = clusterOf(await startControlPlane({ binDir: binaries.binDir, crdPaths: [] }));
    await cluster.admin.create(coreResources.namespaces, '', namespaceManifest(NAMESPACE));
  });

  after(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(electors.map((elector) => elector.stop()));
    cluster?.close();
    await cluster?.cp.stop();
  });

  it('of two candidates exactly one leads, the Lease names it, and it keeps renewing', async () => {
    const { admin } = current();
    const a = track(candidate(admin, 'two-candidates', 'replica-a'));
    const b = track(candidate(admin, 'two-candidates', 'replica-b'));
    const leader = await pollUntil(() => (a.elector.isLeader ? a : b.elector.isLeader ? b : undefined), {
      what: 'a leader',
      timeoutMs: 15_000,
    });
    const standby = leader === a ? b : a;
    const leaderId = leader === a ? 'replica-a' : 'replica-b';
    const first = await readLease(admin, 'two-candidates');
    assert.equal(first.spec?.holderIdentity, leaderId);
    assert.equal(first.spec?.leaseDurationSeconds, 3);
    // Two renewals later nothing has changed hands.
    const renewTimes = new Set<string>([first.spec?.renewTime ?? '']);
    await pollUntil(
      async () => {
        renewTimes.add((await readLease(admin, 'two-candidates')).spec?.renewTime ?? '');
        return renewTimes.size >= 3;
      },
      { what: 'two renewals', timeoutMs: 10_000, intervalMs: 100 },
    );
    const later = await readLease(admin, 'two-candidates');
    assert.equal(later.spec?.holderIdentity, leaderId);
    assert.equal(later.spec?.acquireTime, first.spec?.acquireTime, 'a renewal keeps acquireTime');
    assert.equal(later.spec?.leaseTransitions, first.spec?.leaseTransitions);
    assert.equal(leader.elector.isLeader, true);
    assert.equal(standby.elector.isLeader, false);
    assert.equal(standby.startedAt.length, 0);
    assert.equal(standby.elector.observedLeader, leaderId);
  });

  it('when the leader process is killed, the standby takes over after the lease expires and within the lease time', async () => {
    const { admin, cp } = current();
    const lease = 'leader-killed';
    const script = fileURLToPath(new URL('./elector-process.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        script,
        cp.kubeconfigPath,
        NAMESPACE,
        lease,
        'replica-dies',
        String(LEASE_MS),
        String(RENEW_MS),
        String(RETRY_MS),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(child);
    const lines = createInterface({ input: child.stdout! });
    const leading = new Promise<void>((resolve) =>
      lines.on('line', (line) => (JSON.parse(line) as { event: string }).event === 'leading' && resolve()),
    );
    await leading;
    const standby = track(candidate(admin, lease, 'replica-stays'));
    await pollUntil(() => standby.elector.observedLeader === 'replica-dies', {
      what: 'the standby to see the leader',
      timeoutMs: 10_000,
    });
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await once(child, 'exit');
    const lastRenewal = Date.parse((await readLease(admin, lease)).spec?.renewTime ?? '');
    const before = await readLease(admin, lease);
    await pollUntil(() => standby.startedAt.length > 0, {
      what: 'the standby to lead',
      timeoutMs: 15_000,
      intervalMs: 50,
    });
    const takeoverMs = (standby.startedAt[0] ?? 0) - killedAt;
    const bound = LEASE_MS + 2 * RETRY_MS * 1.2 + 1000;
    process.stdout.write(
      `# takeover after the leader was killed: ${takeoverMs} ms (lease ${LEASE_MS} ms, bound ${bound} ms)\n`,
    );
    assert.ok(takeoverMs <= bound, `took over after ${takeoverMs} ms; the bound is ${bound} ms`);
    assert.ok(
      (standby.startedAt[0] ?? 0) - lastRenewal >= LEASE_MS - 50,
      'the standby must not take a lease that is still valid',
    );
    const after = await readLease(admin, lease);
    assert.equal(after.spec?.holderIdentity, 'replica-stays');
    assert.equal(after.spec?.leaseTransitions, (before.spec?.leaseTransitions ?? 0) + 1);
    assert.notEqual(after.spec?.acquireTime, before.spec?.acquireTime);
  });

  it('stop() releases the lease: the standby takes over at its next try, and the stopped leader is told', async () => {
    const { admin } = current();
    const a = track(candidate(admin, 'handover', 'replica-a'));
    await pollUntil(() => a.elector.isLeader, { what: 'a to lead', timeoutMs: 10_000 });
    const b = track(candidate(admin, 'handover', 'replica-b'));
    await pollUntil(() => b.elector.observedLeader === 'replica-a', { what: 'b to see a', timeoutMs: 10_000 });
    const stoppedAt = Date.now();
    await a.elector.stop();
    assert.equal(a.stoppedAt.length, 1);
    assert.equal(a.signals[0]?.aborted, true);
    await pollUntil(() => b.elector.isLeader, { what: 'b to lead', timeoutMs: 10_000, intervalMs: 50 });
    const handoverMs = (b.startedAt[0] ?? 0) - stoppedAt;
    assert.ok(handoverMs < LEASE_MS, `handover took ${handoverMs} ms; a released lease is taken at the next try`);
  });

  it('a leader that finds another holder in the Lease stops leading at its next renewal', async () => {
    const { admin } = current();
    const a = track(candidate(admin, 'taken-over', 'replica-a'));
    await pollUntil(() => a.elector.isLeader, { what: 'a to lead', timeoutMs: 10_000 });
    const lease = await readLease(admin, 'taken-over');
    const now = Date.now();
    await admin.update<Lease>(coreResources.leases, {
      ...lease,
      spec: {
        ...lease.spec,
        holderIdentity: 'intruder',
        leaseDurationSeconds: 60,
        acquireTime: microTime(now),
        renewTime: microTime(now),
      },
    });
    await pollUntil(() => a.stoppedAt.length === 1, {
      what: 'a to stop leading',
      timeoutMs: RETRY_MS * 3 + 2000,
      intervalMs: 50,
    });
    assert.equal(a.signals[0]?.aborted, true);
    assert.equal(a.elector.isLeader, false);
    await a.elector.done;
    assert.equal((await readLease(admin, 'taken-over')).spec?.holderIdentity, 'intruder');
  });

  it('a leader whose renewals fail steps down after the renew deadline; the standby leads once the lease expires', async () => {
    const { admin, cp, clientThrough } = current();
    const proxy = await startFaultyProxy({ target: cp.server, ca: Buffer.from(cp.caData, 'base64') });
    try {
      const a = track(candidate(clientThrough(proxy.url), 'renew-fails', 'replica-a'));
      await pollUntil(() => a.elector.isLeader, { what: 'a to lead', timeoutMs: 10_000 });
      const b = track(candidate(admin, 'renew-fails', 'replica-b'));
      const failingFrom = Date.now();
      proxy.addRule({ path: /\/leases\/renew-fails$/, fault: { type: 'status', status: 500, message: 'injected' } });
      await pollUntil(() => a.stoppedAt.length === 1, {
        what: 'a to step down',
        timeoutMs: RENEW_MS + 5000,
        intervalMs: 50,
      });
      const stepDownMs = (a.stoppedAt[0] ?? 0) - failingFrom;
      assert.ok(
        stepDownMs >= RENEW_MS - RETRY_MS * 2,
        `stepped down after ${stepDownMs} ms, before the renew deadline`,
      );
      assert.ok(
        stepDownMs <= RENEW_MS + RETRY_MS * 2 + 1000,
        `stepped down after ${stepDownMs} ms, long after the renew deadline`,
      );
      await pollUntil(() => b.elector.isLeader, { what: 'b to lead', timeoutMs: LEASE_MS + 5000, intervalMs: 50 });
      assert.ok(
        (b.startedAt[0] ?? 0) > (a.stoppedAt[0] ?? 0),
        'the old leader stepped down before the new one started',
      );
    } finally {
      await proxy.close();
    }
  });
});
