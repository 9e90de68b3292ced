import type { ExperimentView } from '../types.ts';
import { AnalysisRunItem } from './AnalysisRunItem.tsx';
import { ReplicaSetCard } from './ReplicaSetCard.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/** An experiment of a revision: its status, its templates' ReplicaSets and its analysis runs. */
export function ExperimentCard({
  experiment,
  namespace,
  rollout,
}: {
  experiment: ExperimentView;
  namespace: string;
  rollout: string;
}) {
  return (
    <div class="experiment" data-testid="experiment" data-name={experiment.name}>
      <h4>
        Experiment {experiment.name} <StatusBadge status={experiment.status} />
      </h4>
      <div class="replica-sets">
        {experiment.replicaSets.map((replicaSet) => (
          <ReplicaSetCard key={replicaSet.name} replicaSet={replicaSet} />
        ))}
      </div>
      {experiment.analysisRuns.length > 0 && (
        <ul class="analysis-runs">
          {experiment.analysisRuns.map((run) => (
            <AnalysisRunItem key={run.name} run={run} namespace={namespace} rollout={rollout} />
          ))}
        </ul>
      )}
    </div>
  );
}
