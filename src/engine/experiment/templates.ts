// One template of an experiment (Argo's reconcileTemplate): its ReplicaSet created, scaled (after
// scaleDownDelaySeconds when it is done) or given its Service, and its status judged: Progressing
// until its replicas are available, Running, Successful once the duration passed or the experiment
// ends, Failed after progressDeadlineSeconds without progress.
import type { ExperimentTemplateSpec, TemplateStatus } from '../../api/types/experiment.ts';
import { SCALE_DOWN_DEADLINE_ANNOTATION } from '../../conventions/labels.ts';
import { formatTimestamp, parseTimestamp } from '../../conventions/timestamps.ts';
import { emit, requeueWithin, type ExperimentContext } from './context.ts';
import { templateReplicaSet, templateService } from './objects.ts';
import {
  EXPERIMENT_DEFAULTS,
  isCompletedTemplate,
  passedDuration,
  progressDeadlineSecondsOf,
  scaleDownDelaySecondsOf,
  templateReplicas,
  templateStatusOf,
} from './rules.ts';
import type { ObservedTemplateReplicaSet } from './types.ts';

export function reconcileTemplate(ctx: ExperimentContext, template: ExperimentTemplateSpec): void {
  const previous = templateStatusOf(ctx.experiment.status ?? {}, template.name);
  const status: TemplateStatus = previous
    ? { ...previous }
    : { name: template.name, replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0 };
  const desired = templateReplicas(ctx.experiment, template);
  let rs: ObservedTemplateReplicaSet | undefined = ctx.observed.replicaSets[template.name];

  const failedCreate = ctx.observed.failedCreates?.[template.name];
  if (!rs && failedCreate !== undefined) {
    // As Argo's createReplicaSet: an Event on the experiment, and the template in Error.
    const name = templateReplicaSet(ctx.experiment, template, status.collisionCount).metadata.name ?? '';
    emit(ctx, 'Normal', 'ReplicaSetCreateError', `Failed to create new replica set "${name}": ${failedCreate}`);
    status.status = 'Error';
    status.message = `Failed to create ReplicaSet for template '${template.name}': ${failedCreate}`;
  } else if (!rs) {
    const replicaSet = templateReplicaSet(ctx.experiment, template, status.collisionCount);
    ctx.actions.push({ type: 'createReplicaSet', template: template.name, replicaSet });
    status.lastTransitionTime = ctx.nowStamp;
  } else {
    reconcileService(ctx, template, status, rs, desired);
    if (desired === 0) rs = withScaleDownDelay(ctx, rs);
    if (rs.replicas !== desired) {
      scaleTemplate(ctx, rs, template, desired);
      status.lastTransitionTime = ctx.nowStamp;
    }
  }

  const counts = rs
    ? {
        replicas: rs.currentReplicas,
        updatedReplicas: rs.currentReplicas,
        readyReplicas: rs.readyReplicas,
        availableReplicas: rs.availableReplicas,
      }
    : { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0 };
  const progressed = (Object.keys(counts) as Array<keyof typeof counts>).some((key) => counts[key] !== status[key]);
  Object.assign(status, counts);
  if (progressed) status.lastTransitionTime = ctx.nowStamp;

  if (!isCompletedTemplate(status.status)) judge(ctx, template, status, desired);
  if (previous?.status !== status.status) {
    const failed = status.status === 'Failed' || status.status === 'Error';
    const message = `Template '${template.name}' transitioned from ${previous?.status ?? ''} -> ${status.status}`;
    emit(
      ctx,
      failed ? 'Warning' : 'Normal',
      `Template${status.status}`,
      status.message ? `${message}: ${status.message}` : message,
    );
  }
  setTemplateStatus(ctx, status);
}

function judge(
  ctx: ExperimentContext,
  template: ExperimentTemplateSpec,
  status: TemplateStatus,
  desired: number,
): void {
  if (desired === status.availableReplicas) {
    status.status = passedDuration(ctx.experiment, ctx.now) || ctx.terminating ? 'Successful' : 'Running';
    return;
  }
  const from = parseTimestamp(status.lastTransitionTime) ?? ctx.now;
  const deadlineSeconds = progressDeadlineSecondsOf(ctx.experiment);
  if (ctx.now > from + deadlineSeconds * 1000) {
    status.status = 'Failed';
    status.message = `Template '${template.name}' exceeded its progressDeadlineSeconds (${deadlineSeconds})`;
  } else {
    status.status = ctx.terminating ? 'Successful' : 'Progressing';
  }
}

/** A template with `service` gets one while it runs; it goes once its pods are gone (or it has no `service`). */
function reconcileService(
  ctx: ExperimentContext,
  template: ExperimentTemplateSpec,
  status: TemplateStatus,
  rs: ObservedTemplateReplicaSet,
  desired: number,
): void {
  const existing = ctx.observed.services[template.name];
  if (template.service && desired !== 0) {
    if (rs.ports.length === 0) return;
    if (!existing) {
      const service = templateService(ctx.experiment, template, rs);
      ctx.actions.push({ type: 'createService', template: template.name, service });
      status.serviceName = service.metadata.name ?? '';
    } else status.serviceName = existing.name;
    status.podTemplateHash = rs.podTemplateHash;
    return;
  }
  if (template.service && rs.availableReplicas !== 0) return;
  if (!existing) return;
  ctx.actions.push({ type: 'deleteService', name: existing.name });
  delete status.serviceName;
  delete status.podTemplateHash;
}

/** Argo's addScaleDownDelay: a ReplicaSet about to scale to 0 gets its scale-down deadline (removed when the delay is 0). */
function withScaleDownDelay(ctx: ExperimentContext, rs: ObservedTemplateReplicaSet): ObservedTemplateReplicaSet {
  const delaySeconds = scaleDownDelaySecondsOf(ctx.experiment);
  const hasDeadline = rs.annotations[SCALE_DOWN_DEADLINE_ANNOTATION] !== undefined;
  if (delaySeconds === 0) {
    if (!hasDeadline) return rs;
    ctx.actions.push({
      type: 'annotateReplicaSet',
      name: rs.name,
      annotations: { [SCALE_DOWN_DEADLINE_ANNOTATION]: null },
    });
    const { [SCALE_DOWN_DEADLINE_ANNOTATION]: _gone, ...annotations } = rs.annotations;
    return { ...rs, annotations };
  }
  if (hasDeadline) return rs;
  const deadline = formatTimestamp(ctx.now + delaySeconds * 1000);
  ctx.actions.push({
    type: 'annotateReplicaSet',
    name: rs.name,
    annotations: { [SCALE_DOWN_DEADLINE_ANNOTATION]: deadline },
  });
  return { ...rs, annotations: { ...rs.annotations, [SCALE_DOWN_DEADLINE_ANNOTATION]: deadline } };
}

/** Scales to `desired`; a scale-down waits for the deadline (the template's replicas are kept until then). */
function scaleTemplate(
  ctx: ExperimentContext,
  rs: ObservedTemplateReplicaSet,
  template: ExperimentTemplateSpec,
  desired: number,
): void {
  let replicas = desired;
  if (desired === 0) {
    const deadline = parseTimestamp(rs.annotations[SCALE_DOWN_DEADLINE_ANNOTATION]);
    if (deadline !== undefined && deadline > ctx.now) {
      requeueWithin(ctx, deadline - ctx.now);
      replicas = template.replicas ?? EXPERIMENT_DEFAULTS.replicas;
    }
  }
  if (rs.replicas === replicas) return;
  ctx.actions.push({ type: 'scaleReplicaSet', name: rs.name, replicas });
  const direction = rs.replicas < replicas ? 'up' : 'down';
  emit(
    ctx,
    'Normal',
    'ScalingReplicaSet',
    `Scaled ${direction} ReplicaSet ${rs.name} from ${rs.replicas} to ${replicas}`,
  );
}

function setTemplateStatus(ctx: ExperimentContext, status: TemplateStatus): void {
  const statuses = [...(ctx.status.templateStatuses ?? [])];
  const index = statuses.findIndex((entry) => entry.name === status.name);
  if (index >= 0) statuses[index] = status;
  else statuses.push(status);
  ctx.status.templateStatuses = statuses;
}
