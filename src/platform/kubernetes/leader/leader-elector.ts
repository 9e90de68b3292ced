// Leader election through a coordination.k8s.io/v1 Lease, with client-go's semantics:
// - a candidate takes the lease when it does not exist, when it is released (no holder), or
//   when the record has not changed for leaseDuration as measured on the candidate's own clock
//   (so clocks of different machines need not agree);
// - the leader renews every retryPeriod; when no renewal has succeeded for renewDeadline, or the
//   lease shows another holder, it stops leading (onStoppedLeading) and the elector ends;
// - every write carries the resourceVersion read, so two candidates never both win;
// - stop() releases the lease (empty holder) so a standby takes over at its next try.
// See docs/controller-metrics.md ("Leader election").
import { ConflictError, NotFoundError, AlreadyExistsError } from '../client/errors.ts';
import type { KubeClient } from '../client/client.ts';
import { coreResources } from '../client/resources.ts';
import { sleep, systemTimers, type Timers } from '../client/timers.ts';
import { microTime, recordKey, type Lease, type LeaseSpec } from './lease-record.ts';

/** The shape of a health check (a HealthCheck of the controller's health server). */
export type LeaderHealthCheck = () => { ok: true } | { ok: false; reason: string };

export interface LeaderElectionOptions {
  client: KubeClient;
  namespace: string;
  /** The Lease's name, shared by every replica. */
  name: string;
  /** This replica's identity (the pod name), unique among candidates. */
  identity: string;
  /** How long a lease is good for without renewal. Default 15 000 (Argo's default). */
  leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before it gives up. Default 10 000. */
  renewDeadlineMs?: number;
  /** Time between tries (jittered up to +20% when acquiring). Default 2000. */
  retryPeriodMs?: number;
  /** Called once this replica leads; `signal` aborts when it stops leading. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called once when a replica that led stops leading (lost the lease, or stop()). */
  onStoppedLeading(): void | Promise<void>;
  /** Called when the observed holder changes (including to this replica). */
  onNewLeader?(identity: string): void;
  /** Empty the holder on stop() so another replica takes over at once. Default true. */
  releaseOnStop?: boolean;
  timers?: Timers;
  random?: () => number;
  /** Failed attempts (conflicts, API errors) for logs. */
  onError?(error: Error): void;
}

export interface LeaderElector {
  readonly isLeader: boolean;
  /** The holder this replica last observed ("" when none). */
  readonly observedLeader: string;
  /** Settles when the elector ends: after stop(), or after this replica lost the lease. */
  readonly done: Promise<void>;
  /** Liveness: fails when this replica leads but has not renewed for renewDeadline plus a margin. */
  readonly check: LeaderHealthCheck;
  /** Stops trying; a leader stops leading (onStoppedLeading) and releases the lease. */
  stop(): Promise<void>;
}

const JITTER = 1.2;
const HEALTH_MARGIN_MS = 20_000;

export function startLeaderElection(options: LeaderElectionOptions): LeaderElector {
  const elector = new Elector(options);
  elector.run();
  return elector;
}

class Elector implements LeaderElector {
  readonly #options: LeaderElectionOptions;
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #leaseMs: number;
  readonly #renewDeadlineMs: number;
  readonly #retryMs: number;
  readonly #stopping = new AbortController();
  #leading: AbortController | undefined;
  #observedKey = '';
  #observedAt = 0;
  #observedLeader = '';
  #lastRenewAt = 0;
  #lease: Lease | undefined;
  #done: Promise<void> = Promise.resolve();

  constructor(options: LeaderElectionOptions) {
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
    this.#random = options.random ?? Math.random;
    this.#leaseMs = options.leaseDurationMs ?? 15_000;
    this.#renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.#retryMs = options.retryPeriodMs ?? 2_000;
    if (!(this.#leaseMs > this.#renewDeadlineMs))
      throw new Error('leader election: leaseDurationMs must be greater than renewDeadlineMs');
    if (!(this.#renewDeadlineMs > this.#retryMs * JITTER))
      throw new Error(`leader election: renewDeadlineMs must be greater than retryPeriodMs × ${JITTER}`);
    if (options.identity === '') throw new Error('leader election: identity must not be empty (use the pod name)');
  }

  get isLeader(): boolean {
    return this.#leading !== undefined && !this.#leading.signal.aborted;
  }

  get observedLeader(): string {
    return this.#observedLeader;
  }

  get done(): Promise<void> {
    return this.#done;
  }

  readonly check: LeaderHealthCheck = () => {
    if (!this.isLeader) return { ok: true };
    const since = this.#timers.now() - this.#lastRenewAt;
    return since > this.#renewDeadlineMs + HEALTH_MARGIN_MS
      ? { ok: false, reason: `leading, but the lease was last renewed ${since} ms ago` }
      : { ok: true };
  };

  run(): void {
    this.#done = this.#loop();
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#done;
  }

  async #loop(): Promise<void> {
    const stop = this.#stopping.signal;
    while (!stop.aborted) {
      if (await this.#tryAcquireOrRenew(this.#renewDeadlineMs)) break;
      await sleep(this.#timers, this.#retryMs * (1 + this.#random() * (JITTER - 1)), stop);
    }
    if (stop.aborted) return;
    this.#lastRenewAt = this.#timers.now();
    this.#leading = new AbortController();
    const leading = this.#leading.signal;
    // Not awaited: the controller runs for as long as this replica leads, while renewals go on.
    void this.#call(() => this.#options.onStartedLeading(leading));
    await this.#renewLoop();
    this.#leading.abort();
    if (stop.aborted && (this.#options.releaseOnStop ?? true)) await this.#release();
    await this.#call(() => this.#options.onStoppedLeading());
  }

  /** Renews until a renewal fails for renewDeadline, another holder shows up, or stop(). */
  async #renewLoop(): Promise<void> {
    const stop = this.#stopping.signal;
    for (;;) {
      await sleep(this.#timers, this.#retryMs, stop);
      if (stop.aborted) return;
      const renewed = await this.#tryAcquireOrRenew(this.#renewDeadlineMs - (this.#timers.now() - this.#lastRenewAt));
      if (renewed) this.#lastRenewAt = this.#timers.now();
      else if (this.#observedLeader !== this.#options.identity && this.#observedLeader !== '') return;
      else if (this.#timers.now() - this.#lastRenewAt >= this.#renewDeadlineMs) return;
    }
  }

  /** One attempt; true when this replica holds the lease afterwards. */
  async #tryAcquireOrRenew(budgetMs: number): Promise<boolean> {
    const { client, namespace, name, identity } = this.#options;
    const { signal, dispose } = this.#requestSignal(budgetMs);
    const now = this.#timers.now();
    const desired: LeaseSpec = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(this.#leaseMs / 1000),
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    };
    try {
      let current: Lease;
      try {
        current = await client.get<Lease>(coreResources.leases, namespace, name, { signal });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        const created = await client.create<Lease>(
          coreResources.leases,
          namespace,
          { metadata: { name, namespace }, spec: desired },
          { signal },
        );
        this.#observe(created, this.#timers.now());
        return true;
      }
      this.#observe(current, now);
      const holder = current.spec?.holderIdentity ?? '';
      const heldByOther = holder !== '' && holder !== identity;
      if (heldByOther && this.#observedAt + this.#leaseMs > now) return false;
      const transitions = current.spec?.leaseTransitions ?? 0;
      const spec: LeaseSpec =
        holder === identity
          ? { ...desired, acquireTime: current.spec?.acquireTime ?? desired.acquireTime, leaseTransitions: transitions }
          : { ...desired, leaseTransitions: transitions + 1 };
      const updated = await client.update<Lease>(coreResources.leases, { ...current, spec }, { signal });
      this.#observe(updated, this.#timers.now());
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError || error instanceof AlreadyExistsError)) this.#report(error);
      return false;
    } finally {
      dispose();
    }
  }

  async #release(): Promise<void> {
    const lease = this.#lease;
    if (lease === undefined || lease.spec?.holderIdentity !== this.#options.identity) return;
    const now = this.#timers.now();
    const spec: LeaseSpec = {
      ...lease.spec,
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: microTime(now),
      renewTime: microTime(now),
    };
    const { signal, dispose } = this.#requestSignal(this.#renewDeadlineMs);
    try {
      await this.#options.client.update<Lease>(coreResources.leases, { ...lease, spec }, { signal });
    } catch (error) {
      // Another replica takes over once the lease expires.
      this.#report(error);
    } finally {
      dispose();
    }
  }

  #observe(lease: Lease, at: number): void {
    this.#lease = lease;
    const key = recordKey(lease.spec);
    if (key !== this.#observedKey) {
      this.#observedKey = key;
      this.#observedAt = at;
    }
    const holder = lease.spec?.holderIdentity ?? '';
    if (holder !== this.#observedLeader) {
      this.#observedLeader = holder;
      if (holder !== '') this.#options.onNewLeader?.(holder);
    }
  }

  /** Aborts a request that outlives `budgetMs` (a hung request must not outlast the renew deadline). */
  #requestSignal(budgetMs: number): { signal: AbortSignal; dispose(): void } {
    const controller = new AbortController();
    const handle = this.#timers.setTimeout(() => controller.abort(), Math.max(1, budgetMs));
    return { signal: controller.signal, dispose: () => this.#timers.clearTimeout(handle) };
  }

  async #call(fn: () => void | Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.#report(error);
    }
  }

  #report(error: unknown): void {
    this.#options.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}
