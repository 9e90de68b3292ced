// The local store as the rollout loop writes it: every write made through this view is recorded in
// OwnWrites by the resourceVersions it produced, so the controller can ignore exactly its own
// writes when the store announces them. The store announces a change before the write returns, so
// the controller looks a change up only after the current task's synchronous work (a microtask),
// by which time the write that caused it has been recorded here.
import type { KnownObject } from '../../../api/types/index.ts';
import type { OwnWrites, WriteRecord } from '../../rollouts/own-writes.ts';
import { refOf, type ObjectRef } from '../store/object-key.ts';
import type { ObjectStore } from '../store/object-store.ts';

/** What the rollout loop's local ports use of the store. */
export type StoreAccess = Pick<ObjectStore, 'get' | 'list' | 'put' | 'update' | 'writeStatus' | 'delete'>;

export function recordingStore(store: ObjectStore, own: OwnWrites): StoreAccess {
  /** Runs one synchronous write of `ref` and records every version it produced. */
  function recorded<T>(ref: ObjectRef, write: () => T): T {
    const before = store.resourceVersion;
    const result = write();
    for (let version = before + 1; version <= store.resourceVersion; version++)
      own.record({ ...ref, resourceVersion: String(version) });
    return result;
  }
  return {
    get: (kind, namespace, name) => store.get(kind, namespace, name),
    list: (kind, namespace) => store.list(kind, namespace),
    put: <T extends KnownObject>(object: T): T => recorded(refOf(object), () => store.put(object)),
    update: (kind, namespace, name, change) =>
      recorded({ kind, namespace, name }, () => store.update(kind, namespace, name, change)),
    writeStatus: (ref, status) => recorded(ref, () => store.writeStatus(ref, status)),
    delete(ref) {
      const version = store.get(ref.kind as KnownObject['kind'], ref.namespace, ref.name)?.metadata.resourceVersion;
      const deleted = store.delete(ref);
      if (deleted && version !== undefined) own.record({ ...ref, resourceVersion: version, deleted: true });
      return deleted;
    },
  };
}

/** A store change as OwnWrites knows writes. */
export function writeOf(change: { type: string; ref: ObjectRef; object: KnownObject }): WriteRecord {
  return {
    ...change.ref,
    resourceVersion: change.object.metadata.resourceVersion ?? '',
    ...(change.type === 'DELETED' ? { deleted: true } : {}),
  };
}
