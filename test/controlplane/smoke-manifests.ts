// Manifests used by the control plane's smoke suite.

export function namespace(name: string): object {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function deployment(ns: string, name: string, replicas: number): object {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: 'registry.invalid/sluice/app:v1' }] },
      },
    },
  };
}

export function job(ns: string, name: string): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: ns },
    spec: {
      backoffLimit: 0,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'check', image: 'registry.invalid/sluice/check:v1' }],
        },
      },
    },
  };
}

export const virtualServiceSpec = {
  hosts: ['web'],
  http: [
    {
      name: 'primary',
      route: [
        { destination: { host: 'web-stable' }, weight: 90 },
        { destination: { host: 'web-canary' }, weight: 10 },
      ],
    },
  ],
};

export function virtualService(ns: string, name: string): object {
  return {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'VirtualService',
    metadata: { name, namespace: ns },
    spec: virtualServiceSpec,
  };
}

export const rolloutSpec = {
  replicas: 1,
  selector: { matchLabels: { app: 'web' } },
  template: {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'app', image: 'registry.invalid/sluice/app:v1' }] },
  },
  strategy: { canary: { steps: [{ setWeight: 20 }, { pause: { duration: '1m' } }] } },
};

export function rollout(ns: string, name: string): object {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name, namespace: ns }, spec: rolloutSpec };
}

/** A ServiceAccount allowed only to read pods in its namespace. */
export function narrowServiceAccount(ns: string, name: string): object[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'pod-reader', namespace: ns },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `${name}-reads-pods`, namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
    },
  ];
}

/** Several objects as one `kubectl apply -f -` input. */
export function list(...items: object[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

/** A bare pod (no controller) with the given spec. */
export function pod(ns: string, name: string, spec: object): object {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, spec };
}

/** A Job of one pod running `sh -c SCRIPT`, as Argo Rollouts' e2e analysis templates do. */
export function scriptJob(ns: string, name: string, script: string): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: ns },
    spec: {
      backoffLimit: 0,
      template: {
        spec: { restartPolicy: 'Never', containers: [{ name: 'check', image: 'registry.invalid/sluice/check:v1', command: ['sh', '-c', '-x'], args: [script] }] },
      },
    },
  };
}
