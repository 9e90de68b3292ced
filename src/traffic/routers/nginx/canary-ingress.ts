// The canary Ingress Argo Rollouts makes for each stable Ingress of an NGINX rollout, built from the
// stable Ingress and the desired traffic: the rules that send to the stable Service, sent to the
// canary Service instead; the TLS and class of the stable Ingress; a controller reference to the
// Rollout; and the canary annotations under the configured prefix.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { HeaderRoute, TrafficProblem } from '../../desired.ts';
import { describeRef } from '../../route-objects.ts';
import {
  backendServiceOf,
  type Ingress,
  type IngressRule,
  INGRESS_API_VERSION,
  ingressRef,
  pathsOf,
  rulesOf,
} from '../ingress/ingress.ts';
import type { NginxRefs } from './references.ts';

/**
 * Which managed header route the canary-by-header annotations carry. Argo writes no such
 * annotation (its NGINX router leaves setHeaderRoute alone); sluice keeps the route's name here so
 * that what is in place can be reported by name.
 */
export const HEADER_ROUTE_ANNOTATION = 'sluice.dev/header-route';

const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const HEADER_KEYS = ['canary-by-header', 'canary-by-header-value', 'canary-by-header-pattern'];

export interface CanaryIngressInput {
  rollout: Rollout;
  refs: NginxRefs;
  stable: Ingress;
  canaryName: string;
  canaryWeight: number;
  headerRoute: HeaderRoute | undefined;
  services: { stable: string; canary: string };
}

/** Regex characters escaped, so a prefix or exact value is matched as written. */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The annotations (without prefix) that send the requests of one header route to the canary. */
export function headerRouteAnnotations(route: HeaderRoute): Record<string, string> | string {
  const [match, ...more] = route.match;
  if (!match || more.length > 0)
    return `header route "${route.name}" has ${route.match.length} matches: an NGINX canary Ingress matches exactly one header`;
  const value = match.headerValue;
  if (value.exact !== undefined) return { 'canary-by-header': match.headerName, 'canary-by-header-value': value.exact };
  // NGINX searches the pattern anywhere in the value; Argo's header matches hold for the whole value.
  if (value.regex !== undefined)
    return { 'canary-by-header': match.headerName, 'canary-by-header-pattern': `^(?:${value.regex})$` };
  if (value.prefix !== undefined)
    return { 'canary-by-header': match.headerName, 'canary-by-header-pattern': `^${escapeRegex(value.prefix)}` };
  return `header route "${route.name}" matches header ${match.headerName} with no exact, prefix or regex value`;
}

function withPrefix(prefix: string, key: string): string {
  return key.startsWith(prefix) ? key : `${prefix}/${key}`;
}

export function buildCanaryIngress(input: CanaryIngressInput): { ingress?: Ingress; problems: TrafficProblem[] } {
  const { rollout, refs, stable, canaryName, services } = input;
  const stableObject = describeRef(ingressRef(refs.namespace, stable.metadata.name ?? ''));
  const rules: IngressRule[] = [];
  for (const rule of rulesOf(stable.spec)) {
    const copy: IngressRule = structuredClone(rule);
    let sendsToStable = false;
    for (const path of pathsOf(copy)) {
      if (backendServiceOf(path) !== services.stable || !path.backend?.service) continue;
      sendsToStable = true;
      path.backend.service.name = services.canary;
    }
    if (sendsToStable) rules.push(copy);
  }
  if (rules.length === 0)
    return {
      problems: [
        {
          object: stableObject,
          path: 'spec.rules',
          message: `has no rule that sends to the stable Service "${services.stable}": add a path with that backend`,
        },
      ],
    };

  const prefix = refs.annotationPrefix;
  const annotations: Record<string, string> = {};
  const stableClass = stable.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
  if (stableClass !== undefined) annotations[INGRESS_CLASS_ANNOTATION] = stableClass;
  for (const [key, value] of Object.entries(refs.additionalIngressAnnotations))
    annotations[withPrefix(prefix, key)] = value;
  for (const [key, value] of Object.entries(refs.canaryIngressAnnotations)) annotations[key] = value;
  if (input.headerRoute) {
    const routed = headerRouteAnnotations(input.headerRoute);
    if (typeof routed === 'string')
      return {
        problems: [
          {
            object: `Rollout ${refs.namespace}/${rollout.metadata.name}`,
            path: 'spec.strategy.canary.steps',
            message: routed,
          },
        ],
      };
    for (const key of HEADER_KEYS) delete annotations[`${prefix}/${key}`];
    for (const [key, value] of Object.entries(routed)) annotations[`${prefix}/${key}`] = value;
    annotations[HEADER_ROUTE_ANNOTATION] = input.headerRoute.name;
  }
  annotations[`${prefix}/canary`] = 'true';
  annotations[`${prefix}/canary-weight`] = String(input.canaryWeight);
  if (refs.weightTotal !== undefined) annotations[`${prefix}/canary-weight-total`] = String(refs.weightTotal);

  const spec: Ingress['spec'] = {};
  if (stable.spec?.ingressClassName !== undefined) spec.ingressClassName = stable.spec.ingressClassName;
  if (stable.spec?.tls !== undefined) spec.tls = structuredClone(stable.spec.tls);
  spec.rules = rules;
  return {
    ingress: {
      apiVersion: INGRESS_API_VERSION,
      kind: 'Ingress',
      metadata: {
        name: canaryName,
        namespace: refs.namespace,
        annotations,
        ownerReferences: [
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Rollout',
            name: rollout.metadata.name ?? '',
            uid: rollout.metadata.uid ?? '',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec,
    },
    problems: [],
  };
}

/** Whether `ingress` is controlled by this Rollout (Argo changes no canary Ingress it does not control). */
export function controlledBy(ingress: Ingress, rollout: Rollout): boolean {
  const owner = (ingress.metadata.ownerReferences ?? []).find((ref) => ref.controller === true);
  if (!owner || owner.kind !== 'Rollout') return false;
  return rollout.metadata.uid ? owner.uid === rollout.metadata.uid : owner.name === rollout.metadata.name;
}
