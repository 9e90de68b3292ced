// Pieces of the argoproj.io/v1alpha1 schema used by several kinds (Argo's common Go types).
import { arrayOf, boolean, dateTime, int32, mapOf, object, string } from '../vocabulary.ts';

export const PodTemplateMetadata = object({
  labels: mapOf(string()),
  annotations: mapOf(string()),
});

export const DryRun = object({ metricName: string() }, ['metricName']);

export const MeasurementRetention = object({ metricName: string(), limit: int32() }, ['metricName', 'limit']);

export const AnalysisTemplateRef = object({
  templateName: string(),
  clusterScope: boolean(),
});

export const FieldRef = object({ fieldPath: string() }, ['fieldPath']);

/** An argument passed by a Rollout to its analysis (AnalysisRunArgument). */
export const AnalysisRunArgument = object(
  {
    name: string(),
    value: string(),
    valueFrom: object({
      podTemplateHashValue: string(),
      fieldRef: FieldRef,
    }),
  },
  ['name'],
);

/** An argument declared by an AnalysisTemplate or passed to an AnalysisRun (Argument). */
export const Argument = object(
  {
    name: string(),
    value: string(),
    valueFrom: object({
      secretKeyRef: object({ name: string(), key: string() }, ['name', 'key']),
      fieldRef: FieldRef,
    }),
  },
  ['name'],
);

export const Condition = object(
  {
    type: string(),
    status: string(),
    lastUpdateTime: dateTime(),
    lastTransitionTime: dateTime(),
    reason: string(),
    message: string(),
  },
  ['type', 'status', 'lastUpdateTime', 'lastTransitionTime', 'reason', 'message'],
);

export const dryRunList = arrayOf(DryRun);
export const measurementRetentionList = arrayOf(MeasurementRetention);
