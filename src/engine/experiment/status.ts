// The experiment's phase (Argo's calculateStatus): Pending on the first pass, then the worst of its
// templates and analyses as Argo weighs them; its Progressing condition; and when to look again.
import type { AnalysisPhase } from '../../api/types/analysis.ts';
import type { ExperimentCondition, ExperimentStatus, TemplateStatusCode } from '../../api/types/experiment.ts';
import { parseTimestamp } from '../../conventions/timestamps.ts';
import { requeueWithin, type ExperimentContext } from './context.ts';
import {
  endsAt,
  hasRequiredAnalyses,
  isCompletedPhase,
  isTerminating,
  progressDeadlineSecondsOf,
  requiredAnalysesSuccessful,
  runStatusOf,
  templateReplicas,
  templateStatusOf,
} from './rules.ts';

const TEMPLATE_ORDER: TemplateStatusCode[] = ['Successful', 'Running', 'Progressing', 'Error', 'Failed'];
const ANALYSIS_ORDER: Array<AnalysisPhase | ''> = [
  'Successful',
  'Running',
  'Pending',
  'Inconclusive',
  'Error',
  'Failed',
];

function worse<T>(order: T[], current: T, candidate: T): boolean {
  return Math.max(0, order.indexOf(candidate)) > Math.max(0, order.indexOf(current));
}

const REQUIRED_COMPLETED = 'Required AnalysisRuns completed';

export function calculatePhase(ctx: ExperimentContext): void {
  const status = ctx.status;
  if (!status.phase) {
    status.phase = 'Pending';
  } else if (status.phase === 'Pending' || status.phase === 'Running') {
    const templates = assessTemplates(ctx);
    const analyses = assessAnalyses(ctx);
    if (templates.phase === 'Running' && !status.availableAt) status.availableAt = ctx.nowStamp;
    let outcome = templates;
    if (isCompletedPhase(templates.phase)) {
      const analysesDecide = isCompletedPhase(analyses.phase) || hasRequiredAnalyses(ctx.experiment);
      if (templates.phase === 'Successful' && analysesDecide) outcome = analyses;
    } else if (isCompletedPhase(analyses.phase) && analyses.phase !== 'Successful') {
      outcome = analyses;
    } else if (requiredAnalysesSuccessful(ctx.experiment, status)) {
      outcome = analyses;
    }
    status.phase = outcome.phase;
    if (outcome.message) status.message = outcome.message;
    else delete status.message;
  }
  setConditions(ctx);
}

function assessTemplates(ctx: ExperimentContext): { phase: AnalysisPhase; message: string } {
  let worst: TemplateStatusCode = 'Successful';
  let message = '';
  for (const template of ctx.experiment.spec.templates) {
    const entry = templateStatusOf(ctx.status, template.name);
    if (!entry?.status) {
      if (worse(TEMPLATE_ORDER, worst, 'Progressing')) worst = 'Progressing';
    } else if (worse(TEMPLATE_ORDER, worst, entry.status)) {
      worst = entry.status;
      message = entry.message ?? '';
    }
  }
  const phase: Record<TemplateStatusCode, AnalysisPhase> = {
    Progressing: 'Pending',
    Failed: 'Failed',
    Error: 'Error',
    Successful: 'Successful',
    Running: 'Running',
  };
  return { phase: phase[worst], message };
}

function assessAnalyses(ctx: ExperimentContext): { phase: AnalysisPhase; message: string } {
  let worst: AnalysisPhase | '' = 'Successful';
  let message = '';
  for (const analysis of ctx.experiment.spec.analyses ?? []) {
    const entry = runStatusOf(ctx.status, analysis.name);
    const phase = entry?.phase ?? '';
    if (worse(ANALYSIS_ORDER, worst, phase)) {
      worst = phase;
      message = entry?.message ?? '';
    }
  }
  if (requiredAnalysesSuccessful(ctx.experiment, ctx.status) && worse(ANALYSIS_ORDER, worst, 'Running'))
    return { phase: 'Successful', message: REQUIRED_COMPLETED };
  if (worst === 'Pending' || worst === '') worst = 'Running';
  return { phase: worst, message };
}

function condition(
  ctx: ExperimentContext,
  type: ExperimentCondition['type'],
  status: ExperimentCondition['status'],
  reason: string,
  message: string,
): ExperimentCondition {
  return { type, status, reason, message, lastUpdateTime: ctx.nowStamp, lastTransitionTime: ctx.nowStamp };
}

/** Argo's SetExperimentCondition: same status and reason keeps the condition; same status keeps lastTransitionTime. */
function setCondition(status: ExperimentStatus, next: ExperimentCondition): void {
  const conditions = status.conditions ?? [];
  const current = conditions.find((entry) => entry.type === next.type);
  if (current && current.status === next.status && current.reason === next.reason) return;
  if (current && current.status === next.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...conditions.filter((entry) => entry.type !== next.type), next];
}

function progressed(ctx: ExperimentContext): boolean {
  const before = ctx.experiment.status?.templateStatuses ?? [];
  const after = ctx.status.templateStatuses ?? [];
  if (before.length < after.length) return true;
  return before.some((old) => {
    const now = after.find((entry) => entry.name === old.name);
    return (
      now !== undefined &&
      (old.replicas !== now.replicas ||
        old.updatedReplicas !== now.updatedReplicas ||
        old.readyReplicas !== now.readyReplicas ||
        old.availableReplicas !== now.availableReplicas)
    );
  });
}

function setConditions(ctx: ExperimentContext): void {
  const name = ctx.experiment.metadata.name ?? '';
  // Argo's ExperimentRunning reads the status as it was read.
  const end = endsAt(ctx.experiment);
  const runningAsRead = !!ctx.experiment.status?.availableAt && !(end !== undefined && ctx.now > end);
  if (ctx.status.phase === 'Successful') {
    setCondition(
      ctx.status,
      condition(
        ctx,
        'Progressing',
        'False',
        'ExperimentCompleted',
        `Experiment "${name}" has successfully ran and completed.`,
      ),
    );
  } else if (progressed(ctx)) {
    const next = condition(ctx, 'Progressing', 'True', 'ReplicaSetUpdated', `Experiment "${name}" is progressing.`);
    const current = ctx.status.conditions?.find((entry) => entry.type === 'Progressing');
    if (current?.status === 'True') next.lastTransitionTime = current.lastTransitionTime;
    ctx.status.conditions = [...(ctx.status.conditions ?? []).filter((entry) => entry.type !== 'Progressing'), next];
  } else if (runningAsRead) {
    setCondition(
      ctx.status,
      condition(ctx, 'Progressing', 'True', 'NewReplicaSetAvailable', `Experiment "${name}" is running.`),
    );
  }
}

/** Argo's calculateEnqueueDuration: the end of the duration, or the earliest progress deadline of a template still short of replicas. */
export function scheduleNextLook(ctx: ExperimentContext): void {
  const after = { ...ctx.experiment, status: ctx.status };
  if (isTerminating(after)) return;
  const end = endsAt(after);
  if (end !== undefined && ctx.now <= end) requeueWithin(ctx, end - ctx.now);
  const deadlineMs = progressDeadlineSecondsOf(after) * 1000;
  for (const template of after.spec.templates) {
    const entry = templateStatusOf(ctx.status, template.name);
    if (entry?.status !== 'Progressing' && entry?.status !== 'Running') continue;
    const since = parseTimestamp(entry.lastTransitionTime);
    if (entry.availableReplicas !== templateReplicas(after, template) && since !== undefined)
      requeueWithin(ctx, since + deadlineMs - ctx.now);
  }
}
