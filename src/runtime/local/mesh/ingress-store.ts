// The Ingresses the mesh gateway serves as ingress-nginx would (src/traffic/routers/nginx/
// ingress-routing.ts): the manifests' stable Ingresses and the canary Ingresses the NGINX router
// writes, followed from the local store (controller/mesh-ingresses.ts). Kept apart from the Istio
// route store: a request goes to the Ingresses only when no VirtualService claims its host.
import type { Ingress } from '../../../api/types/ingress.ts';

export class MeshIngressStore {
  readonly #objects = new Map<string, string>();
  #list: Ingress[] | undefined;

  put(ingress: Ingress): void {
    // Stored serialised: a caller keeping the object cannot change what is served behind our back.
    this.#objects.set(
      `${ingress.metadata.namespace ?? 'default'}/${ingress.metadata.name ?? ''}`,
      JSON.stringify(ingress),
    );
    this.#list = undefined;
  }

  delete(namespace: string, name: string): void {
    if (this.#objects.delete(`${namespace}/${name}`)) this.#list = undefined;
  }

  /** Every Ingress, parsed once per change (a request costs no copying). */
  list(): readonly Ingress[] {
    this.#list ??= [...this.#objects.values()].map((text) => JSON.parse(text) as Ingress);
    return this.#list;
  }
}
