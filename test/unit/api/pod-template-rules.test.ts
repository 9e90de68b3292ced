// The pod template of a Rollout checked as the API server checks a ReplicaSet's: containers,
// ports, probes, environment, resources, volumes, restart policy, label syntax.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';

/** A canary Rollout whose pod `spec:` is on line 13; the given pod spec body starts on line 14. */
function rollout(podSpec: string, labels = 'app: web'): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        ${labels}
    spec:
${podSpec.replace(/^/gm, '      ')}
  strategy:
    canary: {}
`;
}

const rows: Array<{ rule: string; podSpec: string; expected: string[] }> = [
  {
    rule: 'a plain container is valid',
    podSpec: 'containers:\n  - name: web\n    image: nginx\n    ports:\n      - {name: http, containerPort: 8080}',
    expected: [],
  },
  {
    rule: 'containers must not be empty',
    podSpec: 'containers: []',
    expected: [
      'r.yaml:14: spec.template.spec.containers: the pod template needs at least one container under spec.containers (or use spec.workloadRef to take it from a Deployment)',
    ],
  },
  {
    rule: 'container names are DNS labels',
    podSpec: 'containers:\n  - name: Web_1\n    image: nginx',
    expected: [
      'r.yaml:15: spec.template.spec.containers[0].name: "Web_1" must be lower case letters, digits and "-", starting and ending with a letter or digit (e.g. "web-1"): this is not a valid container name',
    ],
  },
  {
    rule: 'container names are unique across containers and init containers',
    podSpec: 'initContainers:\n  - name: web\n    image: busybox\ncontainers:\n  - name: web\n    image: nginx',
    expected: [
      'r.yaml:15: spec.template.spec.initContainers[0].name: container name "web" is used twice in this pod: names must be unique across containers and init containers',
    ],
  },
  {
    rule: 'a container without an image is a warning',
    podSpec: 'containers:\n  - name: web',
    expected: [
      'r.yaml:15: spec.template.spec.containers[0].image: warning: container "web" has no image, so its pods cannot start: add image',
    ],
  },
  {
    rule: 'container ports are 1..65535 with unique IANA names of at most 15 characters',
    podSpec:
      'containers:\n  - name: web\n    image: nginx\n    ports:\n      - {containerPort: 0}\n      - {name: http, containerPort: 80}\n      - {name: http, containerPort: 81}\n      - {name: a-very-long-port-name, containerPort: 82}\n      - {name: "8080", containerPort: 83, protocol: HTTP}',
    expected: [
      'r.yaml:18: spec.template.spec.containers[0].ports[0].containerPort: port 0 is out of range: use 1 to 65535',
      'r.yaml:20: spec.template.spec.containers[0].ports[2].name: port name "http" is used twice in this container: port names must be unique',
      'r.yaml:21: spec.template.spec.containers[0].ports[3].name: port name "a-very-long-port-name" is longer than 15 characters',
      'r.yaml:22: spec.template.spec.containers[0].ports[4].name: port name "8080" must contain at least one letter',
      'r.yaml:22: spec.template.spec.containers[0].ports[4].protocol: unsupported protocol "HTTP": use TCP, UDP or SCTP',
    ],
  },
  {
    rule: 'a probe has exactly one handler',
    podSpec:
      'containers:\n  - name: web\n    image: nginx\n    livenessProbe:\n      periodSeconds: 5\n    readinessProbe:\n      exec: {command: [cat, /tmp/ok]}\n      tcpSocket: {port: 80}',
    expected: [
      'r.yaml:17: spec.template.spec.containers[0].livenessProbe: no handler: set one of exec, httpGet, tcpSocket, grpc',
      'r.yaml:19: spec.template.spec.containers[0].readinessProbe: set only one handler, this one has exec and tcpSocket',
    ],
  },
  {
    rule: 'a probe port is a number in range or the name of a declared port',
    podSpec:
      'containers:\n  - name: web\n    image: nginx\n    ports:\n      - {name: http, containerPort: 8080}\n    readinessProbe:\n      httpGet: {path: /ready, port: http}\n    livenessProbe:\n      httpGet: {path: /live, port: admin}\n    startupProbe:\n      tcpSocket: {port: 70000}',
    expected: [
      'r.yaml:22: spec.template.spec.containers[0].livenessProbe.httpGet.port: warning: the container declares no port named "admin", so this check will always fail: add it to the container\'s ports or use the port number',
      'r.yaml:24: spec.template.spec.containers[0].startupProbe.tcpSocket.port: port 70000 is out of range: use 1 to 65535',
    ],
  },
  {
    rule: 'liveness and startup probes need successThreshold 1; readiness takes no terminationGracePeriodSeconds',
    podSpec:
      'containers:\n  - name: web\n    image: nginx\n    livenessProbe:\n      exec: {command: [cat, /tmp/ok]}\n      successThreshold: 2\n    readinessProbe:\n      exec: {command: [cat, /tmp/ok]}\n      terminationGracePeriodSeconds: 5',
    expected: [
      'r.yaml:19: spec.template.spec.containers[0].livenessProbe.successThreshold: must be 1 for a livenessProbe (got 2): only readiness can require several successes',
      'r.yaml:22: spec.template.spec.containers[0].readinessProbe.terminationGracePeriodSeconds: a readinessProbe takes no terminationGracePeriodSeconds: remove it',
    ],
  },
  {
    rule: 'environment variable names and sources',
    podSpec:
      'containers:\n  - name: web\n    image: nginx\n    env:\n      - {name: GOOD_NAME.v-1, value: x}\n      - {name: 1BAD, value: x}\n      - name: BOTH\n        value: x\n        valueFrom: {fieldRef: {fieldPath: metadata.name}}',
    expected: [
      'r.yaml:19: spec.template.spec.containers[0].env[1].name: "1BAD" is not a valid environment variable name: use letters, digits, "_", "-" and ".", not starting with a digit',
      'r.yaml:22: spec.template.spec.containers[0].env[2].valueFrom: environment variable "BOTH" has both value and valueFrom: keep one',
    ],
  },
  {
    rule: 'resources: known names, quantities not negative, requests at most limits',
    podSpec:
      'containers:\n  - name: web\n    image: nginx\n    resources:\n      requests: {cpu: 500m, memory: 2Gi, gpu: 1, example.com/fpga: 1}\n      limits: {cpu: "0.25", memory: 3G, ephemeral-storage: -1Gi}',
    expected: [
      'r.yaml:18: spec.template.spec.containers[0].resources.requests.cpu: the cpu request (500m) is more than its limit (0.25): lower the request or raise the limit',
      'r.yaml:18: spec.template.spec.containers[0].resources.requests.gpu: unknown resource "gpu": use cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource such as example.com/gpu',
      'r.yaml:19: spec.template.spec.containers[0].resources.limits.ephemeral-storage: must not be negative, got -1Gi',
    ],
  },
  {
    rule: 'a quantity that is not one is a structural error',
    podSpec: 'containers:\n  - name: web\n    image: nginx\n    resources:\n      limits: {memory: 1 GB}',
    expected: [
      'r.yaml:18: spec.template.spec.containers[0].resources.limits.memory: must be a quantity such as 500m, 2, 128Mi or 1Gi, got string "1 GB"',
    ],
  },
  {
    rule: 'Rollout pods keep running: restartPolicy Always, no activeDeadlineSeconds',
    podSpec: 'restartPolicy: OnFailure\nactiveDeadlineSeconds: 60\ncontainers:\n  - name: web\n    image: nginx',
    expected: [
      'r.yaml:14: spec.template.spec.restartPolicy: pods managed through ReplicaSets keep running: restartPolicy must be Always (or left out), got OnFailure',
      'r.yaml:15: spec.template.spec.activeDeadlineSeconds: activeDeadlineSeconds cannot be used in pods managed through ReplicaSets: remove it',
    ],
  },
  {
    rule: 'volume mounts name declared volumes',
    podSpec:
      'volumes:\n  - name: config\n    emptyDir: {}\ncontainers:\n  - name: web\n    image: nginx\n    volumeMounts:\n      - {name: config, mountPath: /etc/config}\n      - {name: cache, mountPath: /cache}',
    expected: [
      'r.yaml:22: spec.template.spec.containers[0].volumeMounts[1].name: no volume named "cache" in spec.volumes: add the volume or fix the name',
    ],
  },
  {
    rule: 'init containers have no probes unless they are sidecars',
    podSpec:
      'initContainers:\n  - name: init\n    image: busybox\n    readinessProbe: {exec: {command: [cat, /tmp/ok]}}\n  - name: proxy\n    image: envoy\n    restartPolicy: Always\n    readinessProbe: {tcpSocket: {port: 9901}}\ncontainers:\n  - name: web\n    image: nginx',
    expected: [
      'r.yaml:17: spec.template.spec.initContainers[0].readinessProbe: an init container cannot have a readinessProbe (unless it is a sidecar with restartPolicy: Always)',
    ],
  },
];

for (const row of rows) {
  test(`pod template: ${row.rule}`, () => {
    const { issues } = loadManifests([{ file: 'r.yaml', text: rollout(row.podSpec) }]);
    assert.deepEqual(issues.map(formatIssue), row.expected);
  });
}

test('pod template labels and annotations follow the API server syntax', () => {
  const text = rollout(
    'containers:\n  - name: web\n    image: nginx',
    'app: web\n        "-bad": x\n        tier: "has space"\n        example.com/ok: "yes"',
  ).replace(
    '  template:\n    metadata:\n',
    '  template:\n    metadata:\n      annotations:\n        Example.COM/Note: fine\n        "bad key!": x\n',
  );
  const { issues } = loadManifests([{ file: 'r.yaml', text }]);
  assert.deepEqual(issues.map(formatIssue), [
    'r.yaml:13: spec.template.metadata.annotations[bad key!]: annotation key "bad key!" must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit, optionally after a prefix such as "example.com/"',
    'r.yaml:16: spec.template.metadata.labels[-bad]: label key "-bad" must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit, optionally after a prefix such as "example.com/"',
    'r.yaml:17: spec.template.metadata.labels.tier: label value "has space" must be empty or letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
  ]);
});
