// Schema of a metric's provider (Argo's MetricProvider): exactly one of these is set.
import {
  anyObject,
  arrayOf,
  boolean,
  describeFields,
  enumOf,
  int64,
  intOrString,
  mapOf,
  object,
  string,
  withDefault,
} from '../vocabulary.ts';
import { JobSpec, ObjectMeta } from '../kubernetes.ts';

const KeyValue = object({ key: string(), value: string() }, ['key', 'value']);

const Authentication = object({
  sigv4: object({ region: string(), profile: string(), roleArn: string() }),
  oauth2: object({ tokenUrl: string(), clientId: string(), clientSecret: string(), scopes: arrayOf(string()) }),
  basicAuth: object({ username: string(), password: string() }),
});

const Prometheus = object({
  address: string(),
  query: string(),
  authentication: Authentication,
  timeout: int64(),
  insecure: boolean(),
  headers: arrayOf(KeyValue),
  rangeQuery: object({ start: string(), end: string(), step: string() }),
});

const Web = object(
  {
    method: string(),
    url: string(),
    headers: arrayOf(KeyValue),
    body: string(),
    timeoutSeconds: int64(),
    jsonPath: string(),
    insecure: boolean(),
    jsonBody: anyObject(),
    authentication: Authentication,
  },
  ['url'],
);

const KayentaScopeWindow = object(
  { scope: string(), region: string(), step: int64(), start: string(), end: string() },
  ['scope', 'region', 'step'],
);

const Kayenta = object(
  {
    address: string(),
    application: string(),
    canaryConfigName: string(),
    metricsAccountName: string(),
    configurationAccountName: string(),
    storageAccountName: string(),
    threshold: object({ pass: int64(), marginal: int64() }, ['pass', 'marginal']),
    scopes: arrayOf(
      object({ name: string(), controlScope: KayentaScopeWindow, experimentScope: KayentaScopeWindow }, [
        'name',
        'controlScope',
        'experimentScope',
      ]),
    ),
    lookback: boolean(),
  },
  [
    'address',
    'application',
    'canaryConfigName',
    'configurationAccountName',
    'metricsAccountName',
    'scopes',
    'storageAccountName',
    'threshold',
  ],
);

// The defaults are Argo's CRD defaults (kubebuilder markers on its Go type): the API server fills them in.
const Datadog = object({
  interval: withDefault(string(), '5m'),
  query: string(),
  queries: mapOf(string()),
  formula: string(),
  apiVersion: withDefault(enumOf('v1', 'v2'), 'v1'),
  aggregator: enumOf('avg', 'min', 'max', 'sum', 'last', 'percentile', 'mean', 'l2norm', 'area'),
  secretRef: object({ name: string(), namespaced: boolean() }),
  requestTimeout: withDefault(string(), '10s'),
});

const CloudWatch = object(
  {
    interval: string(),
    metricDataQueries: arrayOf(
      object({
        id: string(),
        expression: string(),
        label: string(),
        metricStat: object({
          metric: object({
            dimensions: arrayOf(object({ name: string(), value: string() })),
            metricName: string(),
            namespace: string(),
          }),
          period: intOrString(),
          stat: string(),
          unit: string(),
        }),
        period: intOrString(),
        returnData: boolean(),
      }),
    ),
  },
  ['metricDataQueries'],
);

const addressAndQuery = { address: string(), query: string() };

export const MetricProvider = describeFields(
  object({
    prometheus: Prometheus,
    kayenta: Kayenta,
    web: Web,
    datadog: Datadog,
    wavefront: object(addressAndQuery),
    newRelic: object({ profile: string(), query: string(), timeout: int64() }, ['query']),
    job: object({ metadata: ObjectMeta, spec: JobSpec }, ['spec']),
    cloudWatch: CloudWatch,
    graphite: object(addressAndQuery),
    influxdb: object({ profile: string(), query: string() }),
    skywalking: object({ ...addressAndQuery, interval: string() }),
    plugin: anyObject(),
  }),
  {
    prometheus: 'Run a PromQL query against a Prometheus server.',
    kayenta: 'Ask Kayenta (Spinnaker) for a canary score.',
    web: 'Call an HTTP endpoint and read a value from its JSON response.',
    datadog: 'Run a Datadog metrics query.',
    wavefront: 'Run a Wavefront query.',
    newRelic: 'Run a New Relic NRQL query.',
    job: 'Run a Kubernetes Job: it succeeds or fails with the Job.',
    cloudWatch: 'Run AWS CloudWatch metric data queries.',
    graphite: 'Run a Graphite query.',
    influxdb: 'Run an InfluxDB Flux query.',
    skywalking: 'Run an Apache SkyWalking GraphQL query.',
    plugin: 'Measure with metric provider plugins, each configured under its name.',
  },
);

/** The provider keys, in Argo's order. */
export const METRIC_PROVIDER_NAMES = Object.keys(MetricProvider.properties);
