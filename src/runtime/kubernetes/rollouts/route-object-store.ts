// The RouteObjectStore of the traffic routers other than Istio's over the Kubernetes API, for every
// kind they use (src/api/route-kinds.ts gives each kind's plural). Reads go to the API server (these
// kinds are not watched: a router reads a few objects per traffic change). An update is a merge
// patch of what the router changed (spec, annotations, labels) since its read, carrying the
// resourceVersion read as a precondition: a concurrent change (someone re-applying the HTTPRoute)
// fails with ConflictError instead of being overwritten, and applyTrafficWithRetry plans again.
import { routeKindOf } from '../../../api/route-kinds.ts';
import type { RouteObject, RouteObjectRef, RouteObjectStore } from '../../../traffic/routers.ts';
import { NotFoundError } from '../../../platform/kubernetes/client/errors.ts';
import type { ObjectReader, ObjectWriter } from '../../../platform/kubernetes/client/interfaces.ts';
import type { ObjectBase, Stored } from '../../../platform/kubernetes/client/objects.ts';
import { builtin, custom, type Resource } from '../../../platform/kubernetes/client/resources.ts';
import { mergePatchBetween } from './merge-patch.ts';

/** What the store needs of the API (the client, or a fake). */
export type RouteObjectClient = Pick<ObjectReader, 'get'> & Pick<ObjectWriter, 'create' | 'patch' | 'delete'>;

export interface KubeRouteObjectStore extends RouteObjectStore {
  /** Objects written since the store was made (recorded as this controller's own writes). */
  readonly written: Array<Stored<ObjectBase>>;
}

type Stored_ = Stored<RouteObject & ObjectBase>;

/** The client resource of a router's kind at the object's apiVersion; a clear error for a kind no router uses. */
export function routeResource(apiVersion: string, kind: string): Resource<RouteObject & ObjectBase> {
  const info = routeKindOf(apiVersion, kind);
  if (!info)
    throw new Error(
      `${kind} (${apiVersion}) is not a kind any traffic router reads or writes (src/api/route-kinds.ts)`,
    );
  const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  const make = info.builtin ? builtin<RouteObject & ObjectBase> : custom<RouteObject & ObjectBase>;
  return make(info.kind, info.group, version, info.plural);
}

function keyOf(ref: RouteObjectRef): string {
  return `${ref.apiVersion}/${ref.kind}/${ref.namespace}/${ref.name}`;
}

function refOf(object: RouteObject): RouteObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace ?? 'default',
    name: object.metadata.name ?? '',
  };
}

/** What a router may change of an object: its spec, annotations and labels. */
function routedFields(object: RouteObject): Record<string, unknown> {
  const { annotations, labels } = object.metadata;
  return { spec: object.spec, metadata: { ...(annotations ? { annotations } : {}), ...(labels ? { labels } : {}) } };
}

export function kubeRouteObjectStore(client: RouteObjectClient): KubeRouteObjectStore {
  const lastRead = new Map<string, Stored_>();
  const written: Array<Stored<ObjectBase>> = [];

  return {
    written,
    async get(ref) {
      try {
        const object = await client.get(routeResource(ref.apiVersion, ref.kind), ref.namespace, ref.name);
        lastRead.set(keyOf(ref), structuredClone(object));
        return structuredClone(object) as RouteObject;
      } catch (error) {
        // Also what a cluster that does not serve the kind answers.
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    async create(object) {
      const ref = refOf(object);
      const created = await client.create(routeResource(ref.apiVersion, ref.kind), ref.namespace, {
        ...object,
        metadata: { ...object.metadata, namespace: ref.namespace },
      } as RouteObject & ObjectBase);
      lastRead.set(keyOf(ref), structuredClone(created));
      written.push(created);
    },
    async update(object) {
      const ref = refOf(object);
      const before = lastRead.get(keyOf(ref));
      if (!before) throw new Error(`${ref.kind} ${ref.namespace}/${ref.name} was not read before being written`);
      const patch = mergePatchBetween(routedFields(before), routedFields(object)) as
        | { metadata?: Record<string, unknown> }
        | undefined;
      if (patch === undefined) return;
      const resourceVersion = object.metadata.resourceVersion ?? before.metadata.resourceVersion;
      const body = { ...patch, metadata: { ...patch.metadata, resourceVersion } };
      const result = await client.patch(routeResource(ref.apiVersion, ref.kind), ref.namespace, ref.name, body);
      lastRead.set(keyOf(ref), structuredClone(result));
      written.push(result);
    },
    async delete(ref) {
      try {
        await client.delete(routeResource(ref.apiVersion, ref.kind), ref.namespace, ref.name);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
      lastRead.delete(keyOf(ref));
    },
  };
}
