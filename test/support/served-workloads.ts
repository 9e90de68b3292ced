// Manifests of the local runtime's integration tests: a Deployment or Rollout whose pods are node
// processes answering HTTP on $PORT (or containers of the test image), and a Service in front of
// them. Each test says only what differs (name, reply, replicas, env); the rest is the same everywhere.

export type ServedWorkload = WorkloadShape &
  (
    | { /** A JavaScript expression, the body of every answer (`'ok'`, `String(process.pid)`). */ reply: string }
    | { /** A container image serving /healthz (the test image), instead of a node process. */ image: string }
  );

interface WorkloadShape {
  kind: 'Deployment' | 'Rollout';
  name: string;
  namespace?: string;
  /** The `app` label of the pods (selector and template); the name by default. */
  app?: string;
  /** The container's name; the name by default. */
  container?: string;
  replicas?: number;
  env?: Record<string, string>;
  /** When set, the pod's terminationGracePeriodSeconds, and the server closes on SIGTERM. */
  graceSeconds?: number;
  /** The readiness probe: an HTTP GET of `/` (of /healthz for an image; the default) or a TCP connect. */
  readiness?: 'http' | 'tcp';
}

/** The YAML of `workload` (a Rollout gets a canary strategy with no steps). */
export function servedWorkload(workload: ServedWorkload): string {
  const app = workload.app ?? workload.name;
  const metadata = workload.namespace
    ? `{name: ${workload.name}, namespace: ${workload.namespace}}`
    : `{name: ${workload.name}}`;
  const lines = [
    `apiVersion: ${workload.kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1'}`,
    `kind: ${workload.kind}`,
    `metadata: ${metadata}`,
    'spec:',
    `  replicas: ${workload.replicas ?? 1}`,
    `  selector: {matchLabels: {app: ${app}}}`,
    ...(workload.kind === 'Rollout' ? ['  strategy: {canary: {steps: []}}'] : []),
    '  template:',
    `    metadata: {labels: {app: ${app}}}`,
    '    spec:',
    ...(workload.graceSeconds === undefined ? [] : [`      terminationGracePeriodSeconds: ${workload.graceSeconds}`]),
    '      containers:',
    `        - name: ${workload.container ?? workload.name}`,
    'image' in workload
      ? `          image: ${workload.image}`
      : `          command: ${JSON.stringify(['node', '-e', serverScript(workload.reply, workload.graceSeconds !== undefined)])}`,
    ...(workload.env
      ? [`          env: ${JSON.stringify(Object.entries(workload.env).map(([name, value]) => ({ name, value })))}`]
      : []),
    '          ports: [{name: http, containerPort: 8080}]',
    workload.readiness === 'tcp'
      ? '          readinessProbe: {periodSeconds: 1, tcpSocket: {port: http}}'
      : `          readinessProbe: {periodSeconds: 1, httpGet: {path: ${'image' in workload ? '/healthz' : '/'}, port: http}}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The YAML of a Service `name` on port 80 in front of the pods labelled `app` (`name` by default). */
export function servedService(name: string, options: { namespace?: string; app?: string } = {}): string {
  const metadata = options.namespace ? `{name: ${name}, namespace: ${options.namespace}}` : `{name: ${name}}`;
  return `apiVersion: v1
kind: Service
metadata: ${metadata}
spec:
  selector: {app: ${options.app ?? name}}
  ports: [{port: 80, targetPort: http}]
`;
}

function serverScript(reply: string, closeOnSigterm: boolean): string {
  const lines = [
    `const server = require('node:http').createServer((q, s) => s.end(${reply}));`,
    "server.listen(Number(process.env.PORT), '127.0.0.1');",
    ...(closeOnSigterm ? ["process.on('SIGTERM', () => server.close());"] : []),
  ];
  return lines.join('\n');
}
