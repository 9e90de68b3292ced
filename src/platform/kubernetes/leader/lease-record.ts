// The leader election record kept in a coordination.k8s.io/v1 Lease, and the MicroTime format
// the API server expects for acquireTime and renewTime.
import type { KubeObject } from '../client/objects.ts';

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export type Lease = KubeObject & { spec?: LeaseSpec };

/** RFC 3339 with microseconds, e.g. 2025-01-02T03:04:05.678000Z (metav1.MicroTime). */
export function microTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** The spec as a comparable string: a change means the holder renewed or someone else took over. */
export function recordKey(spec: LeaseSpec | undefined): string {
  return JSON.stringify([
    spec?.holderIdentity ?? '',
    spec?.leaseDurationSeconds ?? 0,
    spec?.acquireTime ?? '',
    spec?.renewTime ?? '',
    spec?.leaseTransitions ?? 0,
  ]);
}
