// A provider object of a traffic router other than Istio's (src/api/route-kinds.ts), as the
// manifest loader and the local store hold it: the routers read its spec through their own types.
import type { RouteKind } from '../route-kinds.ts';
import type { TypedObject } from './meta.ts';

export interface RouteKindObject extends TypedObject<RouteKind> {
  spec?: unknown;
  status?: unknown;
}
