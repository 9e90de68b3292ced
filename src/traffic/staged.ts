// Routers in two stages, so several can change traffic all or nothing (Argo's mixed routing, e.g.
// Istio and an NGINX Ingress together): `stage` reads and plans without writing; the staged change
// then writes (`commit`) and, when a later write fails, puts back what it wrote (`rollback`).
// Routers over a RouteObjectStore get both from `stageObjectWrites`: they only say which objects
// change.
import type { DesiredTraffic, TrafficProblem } from './desired.ts';
import { describeRef, refOf, type RouteObject, type RouteObjectStore } from './route-objects.ts';
import type { ApplyResult, TrafficRouter } from './router.ts';

export interface StagedChange {
  /** Non-empty: nothing may be written, and these say why. */
  problems: TrafficProblem[];
  /** True when commit() has something to write. */
  changed: boolean;
  /** Writes the planned objects in order; a failed write throws, leaving the earlier ones written. */
  commit(): Promise<void>;
  /** Puts back every object commit() wrote (all of them, or those written before it failed). */
  rollback(): Promise<void>;
}

export interface StagedTrafficRouter extends TrafficRouter {
  /** Reads and plans `desired` without writing anything. */
  stage(desired: DesiredTraffic): Promise<StagedChange>;
}

/** One object a plan changes: created (no `before`), deleted (no `after`), or updated. */
export interface ObjectWrite {
  before?: RouteObject;
  after?: RouteObject;
}

/** An undo that fails this many times in a row is given up and reported. */
const UNDO_ATTEMPTS = 3;

/** Applies a staged change: commit, and put back what was written if a write fails. */
export async function applyStaged(staged: StagedChange): Promise<ApplyResult> {
  if (staged.problems.length > 0) return { changed: false, problems: staged.problems };
  if (!staged.changed) return { changed: false, problems: [] };
  try {
    await staged.commit();
  } catch (error) {
    throw await withRollback(error, [staged]);
  }
  return { changed: true, problems: [] };
}

/**
 * Rolls back `written` (last first) after `error`; returns the error to throw: `error` itself, or,
 * when something could not be put back, `error` with a message that names what is left changed.
 */
export async function withRollback(error: unknown, written: StagedChange[]): Promise<unknown> {
  const left: string[] = [];
  for (const staged of [...written].reverse()) {
    try {
      await staged.rollback();
    } catch (undoError) {
      left.push(undoError instanceof Error ? undoError.message : String(undoError));
    }
  }
  if (left.length === 0 || !(error instanceof Error)) return error;
  error.message = `${error.message}; and putting back what was written failed: ${left.join('; ')}`;
  return error;
}

function withoutServerFields(object: RouteObject): RouteObject {
  const copy = structuredClone(object);
  const {
    resourceVersion: _v,
    uid: _u,
    creationTimestamp: _c,
    generation: _g,
    ...metadata
  } = copy.metadata as Record<string, unknown>;
  copy.metadata = metadata as RouteObject['metadata'];
  return copy;
}

async function undo(store: RouteObjectStore, write: ObjectWrite): Promise<void> {
  const object = write.after ?? write.before;
  if (!object) return;
  const ref = refOf(object);
  if (!write.before) return store.delete(ref);
  const current = await store.get(ref);
  if (!current) return store.create(withoutServerFields(write.before));
  // The routed parts as they were; anything else someone changed meanwhile stays theirs.
  const restored: RouteObject = { ...current, spec: structuredClone(write.before.spec) };
  const { annotations, labels } = write.before.metadata;
  restored.metadata = { ...current.metadata };
  if (annotations) restored.metadata.annotations = structuredClone(annotations);
  else delete restored.metadata.annotations;
  if (labels) restored.metadata.labels = structuredClone(labels);
  else delete restored.metadata.labels;
  await store.update(restored);
}

/** The staged change that writes `writes` through `store` in order (and undoes them last first). */
export function stageObjectWrites(
  store: RouteObjectStore,
  writes: ObjectWrite[],
  problems: TrafficProblem[] = [],
): StagedChange {
  const done: ObjectWrite[] = [];
  return {
    problems,
    changed: problems.length === 0 && writes.length > 0,
    async commit() {
      for (const write of writes) {
        if (write.after && !write.before) await store.create(write.after);
        else if (write.after) await store.update(write.after);
        else if (write.before) await store.delete(refOf(write.before));
        done.push(write);
      }
    },
    async rollback() {
      const failed: string[] = [];
      for (const write of done.splice(0).reverse()) {
        for (let attempt = 1; ; attempt++) {
          try {
            await undo(store, write);
            break;
          } catch (error) {
            if (attempt < UNDO_ATTEMPTS) continue;
            const object = (write.after ?? write.before)!;
            failed.push(`${describeRef(refOf(object))}: ${error instanceof Error ? error.message : String(error)}`);
            break;
          }
        }
      }
      if (failed.length > 0) throw new Error(`not put back: ${failed.join('; ')}`);
    },
  };
}
