// Schema of argoproj.io/v1alpha1 Experiment.
import { arrayOf, boolean, dateTime, int32, object, string } from '../vocabulary.ts';
import { LabelSelector, ObjectMeta, PodTemplateSpec } from '../kubernetes.ts';
import { Argument, Condition, PodTemplateMetadata, dryRunList, measurementRetentionList } from './shared.ts';

const TemplateSpec = object(
  {
    name: string(),
    replicas: int32(),
    minReadySeconds: int32(),
    selector: LabelSelector,
    template: PodTemplateSpec,
    service: object({ name: string() }),
  },
  ['name', 'selector', 'template'],
);

const ExperimentSpec = object(
  {
    templates: arrayOf(TemplateSpec),
    duration: string(),
    progressDeadlineSeconds: int32(),
    terminate: boolean(),
    analyses: arrayOf(
      object(
        {
          name: string(),
          templateName: string(),
          clusterScope: boolean(),
          args: arrayOf(Argument),
          requiredForCompletion: boolean(),
        },
        ['name', 'templateName'],
      ),
    ),
    scaleDownDelaySeconds: int32(),
    dryRun: dryRunList,
    measurementRetention: measurementRetentionList,
    analysisRunMetadata: PodTemplateMetadata,
  },
  ['templates'],
);

const ExperimentStatus = object({
  phase: string(),
  message: string(),
  templateStatuses: arrayOf(
    object(
      {
        name: string(),
        replicas: int32(),
        updatedReplicas: int32(),
        readyReplicas: int32(),
        availableReplicas: int32(),
        collisionCount: int32(),
        status: string(),
        message: string(),
        lastTransitionTime: dateTime(),
        serviceName: string(),
        podTemplateHash: string(),
      },
      ['name', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'],
    ),
  ),
  availableAt: dateTime(),
  conditions: arrayOf(Condition),
  analysisRuns: arrayOf(
    object({ name: string(), analysisRun: string(), phase: string(), message: string() }, [
      'name',
      'analysisRun',
      'phase',
    ]),
  ),
});

export const Experiment = object(
  { apiVersion: string(), kind: string(), metadata: ObjectMeta, spec: ExperimentSpec, status: ExperimentStatus },
  ['spec'],
);
