// The flags that pick a target and a namespace, shared by every cluster/local command.
import type { TargetFlags } from '../target/select-target.ts';
import { stringFlag, switchFlag, type FlagSpec, type ParsedFlags } from './flags.ts';

export const TARGET_FLAGS: readonly FlagSpec[] = [
  { name: 'namespace', short: 'n', takesValue: true, valueName: 'NS', description: 'namespace of the rollout (default: the kube context\'s, or "default" locally)' },
  { name: 'kubeconfig', takesValue: true, valueName: 'FILE', description: 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' },
  { name: 'context', takesValue: true, valueName: 'NAME', description: 'kube context to use (default: current-context)' },
  { name: 'local', takesValue: false, description: 'talk to the local runtime of "sluice run" (also: SLUICE_TARGET=local)' },
  { name: 'state-dir', takesValue: true, valueName: 'DIR', description: 'state directory of the local runtime (default: $SLUICE_STATE_DIR, else .sluice)' },
  { name: 'verbose', short: 'v', takesValue: false, description: 'say which target is used' },
  { name: 'help', short: 'h', takesValue: false, description: 'show this help' },
];

export function targetFlagsOf(parsed: ParsedFlags): TargetFlags {
  return {
    local: switchFlag(parsed, 'local'),
    stateDir: stringFlag(parsed, 'state-dir'),
    kubeconfig: stringFlag(parsed, 'kubeconfig'),
    context: stringFlag(parsed, 'context'),
  };
}
