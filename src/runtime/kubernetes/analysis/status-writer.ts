// Writes an AnalysisRun's status, with optimistic concurrency (the resourceVersion read). Argo's
// AnalysisRun CRD has no status subresource, so the status is written with the object (PUT); on a
// cluster whose CRD has one (the PUT then leaves the status as it was) it goes to /status instead.
// On a conflict the run is read again: when only its metadata or spec moved on (a label, or
// spec.terminate), the status computed from the old copy is still the next state and is written
// onto the new copy; when someone else wrote the status meanwhile, ours is dropped (the caller
// reconciles again from the fresh copy, so a measurement is never recorded twice).
import type { AnalysisRun as AnalysisRunModel, AnalysisRunStatus } from '../../../api/types/analysis.ts';
import { jsonEqual } from '../../../api/json-equal.ts';
import type { ObjectClient } from '../../../platform/kubernetes/client/interfaces.ts';
import type { Stored } from '../../../platform/kubernetes/client/objects.ts';
import { ConflictError, NotFoundError } from '../../../platform/kubernetes/client/errors.ts';
import { argoResources } from '../resources.ts';

type AnalysisRun = Stored<AnalysisRunModel>;

/** What the writer needs of the API (the client, or the fake). */
export type RunStatusClient = Pick<ObjectClient, 'get' | 'update' | 'updateStatus'>;

export type StatusWriteResult = { written: true; run: AnalysisRun } | { written: false; reason: string };

const MAX_ATTEMPTS = 3;

export async function writeRunStatus(
  client: RunStatusClient,
  read: AnalysisRun,
  status: AnalysisRunStatus,
): Promise<StatusWriteResult> {
  let base = read;
  for (let attempt = 1; ; attempt++) {
    try {
      const run = await client.update(argoResources.analysisRuns, { ...base, status });
      const ignored = sameJson(run.status, base.status) && !sameJson(status, base.status);
      if (!ignored) return { written: true, run };
      try {
        return { written: true, run: await client.updateStatus(argoResources.analysisRuns, { ...run, status }) };
      } catch (error) {
        // No status subresource: the difference was pruned by the schema, not ignored.
        if (error instanceof NotFoundError) return { written: true, run };
        throw error;
      }
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw error;
    }
    const latest = await client.get(argoResources.analysisRuns, read.metadata.namespace, read.metadata.name);
    if (latest.metadata.uid !== read.metadata.uid)
      return { written: false, reason: 'the run was deleted and created again' };
    if (!sameJson(latest.status, read.status))
      return { written: false, reason: 'its status was changed by someone else' };
    base = latest;
  }
}

/** Equal as JSON values, whatever the order of object keys (the API server returns its own order). */
export function sameJson(a: unknown, b: unknown): boolean {
  return jsonEqual(a ?? {}, b ?? {});
}
