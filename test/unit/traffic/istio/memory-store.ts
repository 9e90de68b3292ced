// An in-memory IstioObjectStore: objects are kept serialised, so the router can never alias them.
import type { DestinationRule, VirtualService } from '../../../../src/api/types/istio.ts';
import type { IstioObjectStore } from '../../../../src/traffic/routers/istio/istio-router.ts';

export class MemoryIstioStore implements IstioObjectStore {
  readonly objects = new Map<string, string>();
  writes = 0;

  constructor(objects: Array<VirtualService | DestinationRule> = []) {
    for (const object of objects) this.put(object);
  }

  private key(kind: string, namespace: string, name: string): string {
    return `${kind}/${namespace}/${name}`;
  }

  put(object: VirtualService | DestinationRule): void {
    this.objects.set(
      this.key(object.kind, object.metadata.namespace ?? 'default', object.metadata.name ?? ''),
      JSON.stringify(object),
    );
  }

  read<T>(kind: string, namespace: string, name: string): T | undefined {
    const stored = this.objects.get(this.key(kind, namespace, name));
    return stored === undefined ? undefined : (JSON.parse(stored) as T);
  }

  async getVirtualService(namespace: string, name: string): Promise<VirtualService | undefined> {
    return this.read<VirtualService>('VirtualService', namespace, name);
  }

  async getDestinationRule(namespace: string, name: string): Promise<DestinationRule | undefined> {
    return this.read<DestinationRule>('DestinationRule', namespace, name);
  }

  async putVirtualService(virtualService: VirtualService): Promise<void> {
    this.writes++;
    this.put(virtualService);
  }

  async putDestinationRule(destinationRule: DestinationRule): Promise<void> {
    this.writes++;
    this.put(destinationRule);
  }
}
