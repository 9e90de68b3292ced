// One engine action in a few words, for log lines.
import type { Action } from '../../engine/types.ts';

export function describeAction(action: Action): string {
  switch (action.type) {
    case 'createReplicaSet':
    case 'scaleReplicaSet':
      return `${action.type} ${action.name} (${action.replicas})`;
    case 'setServiceSelector':
      return `${action.type} ${action.service}=${action.podTemplateHash}`;
    case 'scaleDeployment':
      return `${action.type} ${action.name} (${action.replicas})`;
    case 'setTraffic':
      return `${action.type} canary ${action.traffic.canaryWeight}`;
    case 'deletePod':
    case 'updateReplicaSetMetadata':
    case 'deleteReplicaSet':
    case 'createAnalysisRun':
    case 'terminateAnalysisRun':
    case 'deleteAnalysisRun':
    case 'terminateExperiment':
    case 'deleteExperiment':
      return `${action.type} ${action.name}`;
    case 'createExperiment':
      return `${action.type} ${action.experiment.metadata.name}`;
    case 'setRolloutAnnotations':
      return action.type;
  }
}
