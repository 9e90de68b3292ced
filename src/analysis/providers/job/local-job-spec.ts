// What the local runner takes from a Job spec: each container's command and args, env values and
// working directory, and the Job's backoffLimit (default 6) and activeDeadlineSeconds.
import type { JobMetric } from '../../../api/types/analysis.ts';

export interface LocalContainer {
  name: string;
  argv: string[];
  env: Record<string, string>;
  workingDir?: string;
}

export interface LocalJobPlan {
  containers: LocalContainer[];
  /** Retries after a failed attempt, as a Job's backoffLimit. */
  backoffLimit: number;
  activeDeadlineSeconds?: number;
}

export const DEFAULT_BACKOFF_LIMIT = 6;

/**
 * A container's environment from its `env` and `envFrom` (`valueFrom` included) as kubelet builds
 * it, given the pod's containers; a string says why it cannot be built.
 */
export type ContainerEnvResolver = (
  container: Record<string, unknown>,
  containers: readonly Record<string, unknown>[],
) => Record<string, string> | string;

/**
 * The plan for a Job spec; throws with a message naming the field that cannot run locally.
 * Without `resolveEnv`, env takes `value` only.
 */
export function localJobPlan(job: JobMetric, resolveEnv?: ContainerEnvResolver): LocalJobPlan {
  const spec = job.spec ?? {};
  const template = (spec.template ?? {}) as { spec?: { containers?: unknown } };
  const containers = template.spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0)
    throw new Error('job spec.template.spec.containers is empty; give the job at least one container');
  const plan: LocalJobPlan = {
    containers: containers.map((container, index) =>
      localContainer(container as Record<string, unknown>, index, (c) => resolveEnv?.(c, containers)),
    ),
    backoffLimit: wholeNumber(spec.backoffLimit, 'spec.backoffLimit') ?? DEFAULT_BACKOFF_LIMIT,
  };
  const deadline = wholeNumber(spec.activeDeadlineSeconds, 'spec.activeDeadlineSeconds');
  if (deadline !== undefined) plan.activeDeadlineSeconds = deadline;
  return plan;
}

function localContainer(
  container: Record<string, unknown>,
  index: number,
  resolveEnv: (container: Record<string, unknown>) => Record<string, string> | string | undefined,
): LocalContainer {
  const name = typeof container.name === 'string' ? container.name : `container-${index}`;
  const command = strings(container.command, `containers[${index}].command`);
  const args = strings(container.args, `containers[${index}].args`);
  if (command.length === 0) {
    throw new Error(
      `container "${name}" has no command: the local runtime runs a job container's command (and args) as a process, it does not run images; set spec.template.spec.containers[${index}].command`,
    );
  }
  const resolved = resolveEnv(container);
  if (typeof resolved === 'string') throw new Error(resolved);
  const env = resolved ?? valueEnv(container, name);
  return {
    name,
    argv: [...command, ...args],
    env,
    ...(typeof container.workingDir === 'string' ? { workingDir: container.workingDir } : {}),
  };
}

/** The env of `value`s alone (no resolver to read `valueFrom` with). */
function valueEnv(container: Record<string, unknown>, name: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of Array.isArray(container.env) ? (container.env as Array<Record<string, unknown>>) : []) {
    if (typeof entry.name !== 'string') continue;
    if (entry.valueFrom !== undefined)
      throw new Error(
        `container "${name}" env ${entry.name} uses valueFrom, which the local runtime cannot resolve; give it a value`,
      );
    env[entry.name] = typeof entry.value === 'string' ? entry.value : '';
  }
  return env;
}

function strings(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw new Error(`${field} must be a list of strings`);
  return value as string[];
}

function wholeNumber(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new Error(`job ${field} must be a whole number, 0 or more`);
  return value;
}
