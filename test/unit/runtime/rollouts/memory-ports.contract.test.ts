// The in-memory reader and writer of the loop's unit tests honour the same contract as the runtimes'.
import { runRolloutPortsContract } from '../../../contracts/rollout-ports.ts';
import { memoryReader, memoryWriter, MemoryObjects } from './memory-ports.ts';

runRolloutPortsContract({
  name: 'in memory',
  async create() {
    const objects = new MemoryObjects();
    return {
      namespace: 'demo',
      reader: memoryReader(objects),
      writer: () => memoryWriter(objects),
      put: async (list) => {
        for (const object of list) objects.put(object);
      },
      remove: async (kind, name) => objects.delete(kind, 'demo', name),
      settled: async () => {},
    };
  },
});
