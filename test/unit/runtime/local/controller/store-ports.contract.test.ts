// The local runtime's reader and writer over its object store honour the loop's port contract.
import { recordingStore } from '../../../../../src/runtime/local/controller/recording-store.ts';
import { storeReader, storeWriter } from '../../../../../src/runtime/local/controller/store-ports.ts';
import { ObjectStore } from '../../../../../src/runtime/local/store/object-store.ts';
import { OwnWrites } from '../../../../../src/runtime/rollouts/own-writes.ts';
import { runRolloutPortsContract } from '../../../../contracts/rollout-ports.ts';

runRolloutPortsContract({
  name: 'local object store',
  async create() {
    const store = new ObjectStore();
    const writes = recordingStore(store, new OwnWrites());
    return {
      namespace: 'demo',
      reader: storeReader(store),
      writer: () => storeWriter(writes),
      put: async (list) => {
        for (const object of list) store.put(object);
      },
      remove: async (kind, name) => {
        store.delete({ kind, namespace: 'demo', name });
      },
      settled: async () => {},
    };
  },
});
