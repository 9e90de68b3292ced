// Schemas of networking.istio.io VirtualService and DestinationRule (v1alpha3, v1beta1 and v1
// share one shape). Fields sluice routes with are typed; policy blocks it passes through to
// Istio untouched (fault, corsPolicy, retries, trafficPolicy) keep any content.
import { anyObject, arrayOf, boolean, int32, int64, mapOf, number, object, string } from '../vocabulary.ts';
import { ObjectMeta } from '../kubernetes.ts';

const StringMatch = object({ exact: string(), prefix: string(), regex: string() });

const Destination = object({ host: string(), subset: string(), port: object({ number: int64() }) }, ['host']);

const HeaderOperations = object({ set: mapOf(string()), add: mapOf(string()), remove: arrayOf(string()) });
const Headers = object({ request: HeaderOperations, response: HeaderOperations });

const Percent = object({ value: number() });

const HTTPMatchRequest = object({
  name: string(),
  uri: StringMatch,
  scheme: StringMatch,
  method: StringMatch,
  authority: StringMatch,
  headers: mapOf(StringMatch),
  port: int64(),
  sourceLabels: mapOf(string()),
  gateways: arrayOf(string()),
  queryParams: mapOf(StringMatch),
  ignoreUriCase: boolean(),
  withoutHeaders: mapOf(StringMatch),
  sourceNamespace: string(),
  statPrefix: string(),
});

const HTTPRoute = object({
  name: string(),
  match: arrayOf(HTTPMatchRequest),
  route: arrayOf(object({ destination: Destination, weight: int32(), headers: Headers }, ['destination'])),
  redirect: anyObject(),
  directResponse: anyObject(),
  delegate: object({ name: string(), namespace: string() }),
  rewrite: object({
    uri: string(),
    authority: string(),
    uriRegexRewrite: object({ match: string(), rewrite: string() }),
  }),
  timeout: string(),
  retries: anyObject(),
  fault: anyObject(),
  mirror: Destination,
  mirrors: arrayOf(object({ destination: Destination, percentage: Percent }, ['destination'])),
  mirrorPercent: int64(),
  mirror_percent: int64(),
  mirrorPercentage: Percent,
  corsPolicy: anyObject(),
  headers: Headers,
});

const L4Match = {
  destinationSubnets: arrayOf(string()),
  port: int64(),
  sourceLabels: mapOf(string()),
  gateways: arrayOf(string()),
  sourceNamespace: string(),
};

const RouteDestination = object({ destination: Destination, weight: int32() }, ['destination']);

const VirtualServiceSpec = object({
  hosts: arrayOf(string()),
  gateways: arrayOf(string()),
  http: arrayOf(HTTPRoute),
  tls: arrayOf(
    object({ match: arrayOf(object({ ...L4Match, sniHosts: arrayOf(string()) })), route: arrayOf(RouteDestination) }),
  ),
  tcp: arrayOf(
    object({ match: arrayOf(object({ ...L4Match, sourceSubnet: string() })), route: arrayOf(RouteDestination) }),
  ),
  exportTo: arrayOf(string()),
});

const DestinationRuleSpec = object({
  host: string(),
  trafficPolicy: anyObject(),
  subsets: arrayOf(object({ name: string(), labels: mapOf(string()), trafficPolicy: anyObject() }, ['name'])),
  exportTo: arrayOf(string()),
  workloadSelector: object({ matchLabels: mapOf(string()) }),
});

export const VirtualService = object({
  apiVersion: string(),
  kind: string(),
  metadata: ObjectMeta,
  spec: VirtualServiceSpec,
  status: anyObject(),
});

export const DestinationRule = object({
  apiVersion: string(),
  kind: string(),
  metadata: ObjectMeta,
  spec: DestinationRuleSpec,
  status: anyObject(),
});
