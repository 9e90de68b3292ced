// How analysis Jobs are named and marked, as Argo Rollouts does (metricproviders/job): the name
// `<run uid>.<metric>.<n>` (n counts the metric's measurements from 1, so a restarted controller
// finds the same Job), the run's uid as a label, its name and the metric as annotations, and the
// run as controller owner, so deleting the run deletes its Jobs.
import type { JobMetric } from '../../../api/types/analysis.ts';
import type { KubeObject } from '../../../platform/kubernetes/client/objects.ts';

export const ANALYSIS_RUN_UID_LABEL = 'analysisrun.argoproj.io/uid';
export const ANALYSIS_RUN_NAME_ANNOTATION = 'analysisrun.argoproj.io/name';
export const ANALYSIS_RUN_METRIC_ANNOTATION = 'analysisrun.argoproj.io/metric-name';

export interface JobOwner {
  name: string;
  namespace: string;
  uid: string;
}

export type JobObject = KubeObject & {
  spec?: Record<string, unknown>;
  status?: {
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
    active?: number;
    /** Active pods that are Ready (Kubernetes 1.24 and later). */
    ready?: number;
    succeeded?: number;
    failed?: number;
  };
};

/** The batch/v1 Job of one measurement: the metric's job spec, labelled and owned by the run. */
export function analysisJob(name: string, owner: JobOwner, metricName: string, job: JobMetric): JobObject {
  const metadata = job.metadata;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: owner.namespace,
      labels: { ...metadata?.labels, [ANALYSIS_RUN_UID_LABEL]: owner.uid },
      annotations: {
        ...metadata?.annotations,
        [ANALYSIS_RUN_NAME_ANNOTATION]: owner.name,
        [ANALYSIS_RUN_METRIC_ANNOTATION]: metricName,
      },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'AnalysisRun',
          name: owner.name,
          uid: owner.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: structuredClone(job.spec) as Record<string, unknown>,
  };
}

/** The uid of the controller owner, if any. */
export function controllerUid(object: KubeObject): string | undefined {
  return object.metadata.ownerReferences?.find((owner) => owner.controller)?.uid;
}
