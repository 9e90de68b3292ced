// Command lines of the control plane's processes: which flags each component gets.
import path from 'node:path';

/** The files and ports of one control plane, all under its folder. */
export interface ControlPlaneLayout {
  dir: string;
  binDir: string;
  stagesPath: string;
  apiserverPort: number;
  etcdClientPort: number;
  etcdPeerPort: number;
  tokenFile: string;
  serviceAccountPrivateKey: string;
  serviceAccountPublicKey: string;
  kubeconfigPath: string;
}

export const serviceClusterIpRange = '10.96.0.0/16';
export const podCidr = '10.244.0.0/16';
export const fakeNodeIp = '10.240.0.1';
export const fakeNodeName = 'kwok-node-0';
export const fakeNodeAnnotation = 'kwok.x-k8s.io/node';

/** Controllers run by kube-controller-manager (node lifecycle is left out: no kubelet). */
export const controllers = [
  'replicaset-controller',
  'deployment-controller',
  'job-controller',
  'cronjob-controller',
  'statefulset-controller',
  'daemonset-controller',
  'garbage-collector-controller',
  'namespace-controller',
  'serviceaccount-controller',
  'serviceaccount-token-controller',
  'root-ca-certificate-publisher-controller',
  'endpoints-controller',
  'endpointslice-controller',
  'endpointslice-mirroring-controller',
  'disruption-controller',
  'ttl-after-finished-controller',
  'pod-garbage-collector-controller',
  'resourcequota-controller',
  'clusterrole-aggregation-controller',
];

export function pkiDir(dir: string): string {
  return path.join(dir, 'pki');
}

export function logsDir(dir: string): string {
  return path.join(dir, 'logs');
}

/** The certificate the API server generates for itself (a chain ending in its own CA). */
export function apiserverCertPath(dir: string): string {
  return path.join(pkiDir(dir), 'apiserver.crt');
}

export function apiserverArgs(layout: ControlPlaneLayout): string[] {
  return [
    'apiserver',
    `--embedded-etcd-dir=${path.join(layout.dir, 'etcd')}`,
    `--embedded-etcd-client-port=${layout.etcdClientPort}`,
    `--embedded-etcd-peer-port=${layout.etcdPeerPort}`,
    '--advertise-address=127.0.0.1',
    '--bind-address=127.0.0.1',
    `--secure-port=${layout.apiserverPort}`,
    '--endpoint-reconciler-type=none',
    `--cert-dir=${pkiDir(layout.dir)}`,
    `--service-cluster-ip-range=${serviceClusterIpRange}`,
    '--authorization-mode=RBAC',
    // No node lifecycle controller (no kubelet) would ever lift the not-ready taint this
    // plugin puts on new nodes; kwok reports the fake node Ready instead.
    '--disable-admission-plugins=TaintNodesByCondition',
    `--token-auth-file=${layout.tokenFile}`,
    `--service-account-key-file=${layout.serviceAccountPublicKey}`,
    `--service-account-signing-key-file=${layout.serviceAccountPrivateKey}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    '--allow-privileged=true',
    '--profiling=false',
    '--event-ttl=1h',
  ];
}

/** The API request rate of the controller-manager's and the scheduler's clients. */
const CLIENT_RATE = ['--kube-api-qps=200', '--kube-api-burst=400'];

export function controllerManagerArgs(layout: ControlPlaneLayout): string[] {
  return [
    'controller-manager',
    `--kubeconfig=${layout.kubeconfigPath}`,
    '--leader-elect=false',
    '--bind-address=127.0.0.1',
    '--secure-port=0',
    `--controllers=${controllers.join(',')}`,
    `--root-ca-file=${apiserverCertPath(layout.dir)}`,
    `--service-account-private-key-file=${layout.serviceAccountPrivateKey}`,
    '--use-service-account-credentials=false',
    '--cluster-name=sluice-test',
    '--profiling=false',
    // The defaults (20 requests a second, 5 ReplicaSet workers) make pod creation the bottleneck of
    // anything with hundreds of ReplicaSets, such as bench/controller.
    ...CLIENT_RATE,
    '--concurrent-replicaset-syncs=20',
  ];
}

export function schedulerArgs(layout: ControlPlaneLayout): string[] {
  return [
    'scheduler',
    `--kubeconfig=${layout.kubeconfigPath}`,
    '--leader-elect=false',
    '--bind-address=127.0.0.1',
    '--secure-port=0',
    '--profiling=false',
    ...CLIENT_RATE,
  ];
}

/** kwok runs under `controlplane run-tethered` so that it shares the parent watch. */
export function kwokArgs(layout: ControlPlaneLayout): string[] {
  return [
    'run-tethered',
    '--',
    path.join(layout.binDir, 'kwok'),
    `--kubeconfig=${layout.kubeconfigPath}`,
    `--config=${layout.stagesPath}`,
    '--manage-all-nodes=false',
    `--manage-nodes-with-annotation-selector=${fakeNodeAnnotation}=fake`,
    `--cidr=${podCidr}`,
    `--node-ip=${fakeNodeIp}`,
    '--node-lease-duration-seconds=40',
  ];
}

/** The fake Node that kwok manages; it has no taints, so any pod may be scheduled on it. */
export function fakeNodeManifest(): object {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: fakeNodeName,
      annotations: { [fakeNodeAnnotation]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': fakeNodeName,
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/agent': '',
        type: 'kwok',
      },
    },
    spec: {},
  };
}
