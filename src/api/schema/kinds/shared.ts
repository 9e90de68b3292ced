// Pieces of the argoproj.io/v1alpha1 schema used by several kinds (Argo's common Go types).
import { arrayOf, boolean, dateTime, describeFields, int32, mapOf, object, string } from '../vocabulary.ts';

export const PodTemplateMetadata = object({
  labels: mapOf(string()),
  annotations: mapOf(string()),
});

export const DryRun = describeFields(object({ metricName: string() }, ['metricName']), {
  metricName: 'A regular expression on metric names: the metrics it matches run without failing the analysis.',
});

export const MeasurementRetention = describeFields(
  object({ metricName: string(), limit: int32() }, ['metricName', 'limit']),
  {
    metricName: 'A regular expression on metric names.',
    limit: 'How many of the latest measurements to keep for the matching metrics.',
  },
);

export const AnalysisTemplateRef = describeFields(
  object({
    templateName: string(),
    clusterScope: boolean(),
  }),
  {
    templateName: 'The name of the AnalysisTemplate (or ClusterAnalysisTemplate with clusterScope).',
    clusterScope: 'The template is a ClusterAnalysisTemplate rather than an AnalysisTemplate of the same namespace.',
  },
);

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
export const Argument = describeFields(
  object(
    {
      name: string(),
      value: string(),
      valueFrom: object({
        secretKeyRef: object({ name: string(), key: string() }, ['name', 'key']),
        fieldRef: FieldRef,
      }),
    },
    ['name'],
  ),
  {
    name: 'The argument name, used in metrics as {{args.name}}.',
    value: 'A default value; an argument without value or valueFrom must be given by whoever runs the template.',
    valueFrom: 'Take the value from a Secret key or from a field of the Rollout.',
  },
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
