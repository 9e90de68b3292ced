// The flags that pick a target and a namespace, shared by every cluster/local command: declared
// once here, taken by a command whose spec says `target: true` (command-spec.ts).
import type { TargetFlags } from '../target/select-target.ts';
import { parseGoDuration } from '../../api/duration.ts';
import { UsageError } from './errors.ts';
import { listFlag, stringFlag, switchFlag, type FlagSpec, type ParsedFlags } from './flags.ts';

export const TARGET_FLAGS: readonly FlagSpec[] = [
  {
    name: 'namespace',
    short: 'n',
    takesValue: true,
    valueName: 'NS',
    description: 'namespace of the rollout',
    defaultText: 'the kube context\'s, or "default" locally',
  },
  {
    name: 'kubeconfig',
    takesValue: true,
    type: 'file',
    valueName: 'FILE',
    description: 'kubeconfig file',
    defaultText: '$KUBECONFIG, else ~/.kube/config',
  },
  {
    name: 'context',
    takesValue: true,
    valueName: 'NAME',
    description: 'kube context to use',
    defaultText: 'current-context',
  },
  {
    name: 'local',
    takesValue: false,
    description: 'talk to the local runtime of "sluice run" (also: SLUICE_TARGET=local)',
  },
  {
    name: 'state-dir',
    takesValue: true,
    type: 'dir',
    valueName: 'DIR',
    description: 'state directory of the local runtime',
    defaultText: '$SLUICE_STATE_DIR, else .sluice',
  },
  {
    name: 'cluster',
    takesValue: true,
    valueName: 'NAME',
    description: "the kubeconfig cluster to use, instead of the context's",
  },
  {
    name: 'user',
    takesValue: true,
    valueName: 'NAME',
    description: "the kubeconfig user to use, instead of the context's",
  },
  {
    name: 'server',
    short: 's',
    takesValue: true,
    valueName: 'URL',
    description: "the API server, instead of the kube context's",
  },
  {
    name: 'token',
    takesValue: true,
    valueName: 'TOKEN',
    description: "bearer token for the API server, instead of the context user's credentials",
  },
  {
    name: 'certificate-authority',
    takesValue: true,
    type: 'file',
    valueName: 'FILE',
    description: 'CA certificate of the API server (PEM)',
  },
  {
    name: 'client-certificate',
    takesValue: true,
    type: 'file',
    valueName: 'FILE',
    description: 'client certificate (PEM), with --client-key',
  },
  {
    name: 'client-key',
    takesValue: true,
    type: 'file',
    valueName: 'FILE',
    description: 'client key (PEM), with --client-certificate',
  },
  {
    name: 'insecure-skip-tls-verify',
    takesValue: false,
    description: "do not check the API server's certificate (insecure)",
  },
  {
    name: 'tls-server-name',
    takesValue: true,
    valueName: 'NAME',
    description: "name to check the API server's certificate against",
  },
  {
    name: 'as',
    takesValue: true,
    valueName: 'USER',
    description: 'act as this user (impersonation; needs the impersonate permission)',
  },
  {
    name: 'as-group',
    takesValue: true,
    valueName: 'GROUP',
    description: 'act as a member of this group too, with --as',
    repeatable: true,
  },
  { name: 'as-uid', takesValue: true, valueName: 'UID', description: 'act with this user uid, with --as' },
  {
    name: 'request-timeout',
    takesValue: true,
    type: 'duration',
    unit: 'seconds',
    valueName: 'D',
    description: 'give up on one API request after this long, e.g. 10s or whole seconds (0: never)',
    defaultText: '30s',
  },
  { name: 'verbose', short: 'v', takesValue: false, description: 'say which target is used' },
];

/** The longest a timer can wait in Node: `--request-timeout 0` (never give up) waits this long. */
const LONGEST_TIMER_MS = 2_147_483_647;

/** kubectl's --request-timeout: a Go duration, or whole seconds; 0 for no limit. */
export function requestTimeoutOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  let ms: number;
  try {
    ms = /^\d+$/.test(text) ? Number(text) * 1000 : parseGoDuration(text);
  } catch {
    throw new UsageError(`--request-timeout takes a duration such as 10s or 1m (0: never), not "${text}"`);
  }
  if (ms < 0) throw new UsageError(`--request-timeout cannot be negative, not "${text}"`);
  return ms === 0 ? LONGEST_TIMER_MS : Math.min(ms, LONGEST_TIMER_MS);
}

export function targetFlagsOf(parsed: ParsedFlags): TargetFlags {
  return {
    local: switchFlag(parsed, 'local'),
    stateDir: stringFlag(parsed, 'state-dir'),
    kubeconfig: stringFlag(parsed, 'kubeconfig'),
    context: stringFlag(parsed, 'context'),
    requestTimeoutMs: requestTimeoutOf(stringFlag(parsed, 'request-timeout')),
    overrides: {
      cluster: stringFlag(parsed, 'cluster'),
      user: stringFlag(parsed, 'user'),
      server: stringFlag(parsed, 'server'),
      token: stringFlag(parsed, 'token'),
      certificateAuthority: stringFlag(parsed, 'certificate-authority'),
      clientCertificate: stringFlag(parsed, 'client-certificate'),
      clientKey: stringFlag(parsed, 'client-key'),
      insecureSkipTlsVerify: switchFlag(parsed, 'insecure-skip-tls-verify'),
      tlsServerName: stringFlag(parsed, 'tls-server-name'),
      as: stringFlag(parsed, 'as'),
      asGroups: listFlag(parsed, 'as-group'),
      asUid: stringFlag(parsed, 'as-uid'),
    },
  };
}
