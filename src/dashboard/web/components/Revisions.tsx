import type { HiddenPart } from '../../contract.ts';
import type { RevisionView } from '../types.ts';
import { AnalysisRunItem } from './AnalysisRunItem.tsx';
import { ExperimentCard } from './ExperimentCard.tsx';
import { ReplicaSetCard } from './ReplicaSetCard.tsx';

const HIDDEN_PART_LABELS: Record<HiddenPart['part'], string> = {
  experiments: 'Experiments',
  jobs: "The analysis runs' Jobs",
};

/** The revisions, newest first, each with its ReplicaSets (and pods), experiments and analysis runs. */
export function Revisions({
  namespace,
  rollout,
  revisions,
  hidden = [],
}: {
  namespace: string;
  rollout: string;
  revisions: RevisionView[];
  /** Parts RBAC keeps from this user, each with the permission refused. */
  hidden?: HiddenPart[];
}) {
  return (
    <section aria-labelledby="revisions-heading" class="revisions">
      <h2 id="revisions-heading">Revisions</h2>
      {hidden.map((entry) => (
        <p key={entry.part} class="notice notice-error" data-testid={`hidden-${entry.part}`}>
          {HIDDEN_PART_LABELS[entry.part]} are hidden (RBAC): {entry.message}
        </p>
      ))}
      {revisions.length === 0 && <p class="muted">No revision yet.</p>}
      {revisions.map((revision) => (
        <article
          key={revision.revision}
          class="panel revision"
          data-testid="revision"
          data-revision={revision.revision}
          aria-labelledby={`revision-${revision.revision}`}
        >
          <h3 id={`revision-${revision.revision}`}>Revision {revision.revision}</h3>
          <div class="replica-sets">
            {revision.replicaSets.map((replicaSet) => (
              <ReplicaSetCard key={replicaSet.name} replicaSet={replicaSet} />
            ))}
          </div>
          {revision.experiments.map((experiment) => (
            <ExperimentCard key={experiment.name} experiment={experiment} namespace={namespace} rollout={rollout} />
          ))}
          {revision.analysisRuns.length > 0 && (
            <>
              <h4>Analysis runs</h4>
              <ul class="analysis-runs">
                {revision.analysisRuns.map((run) => (
                  <AnalysisRunItem key={run.name} run={run} namespace={namespace} rollout={rollout} />
                ))}
              </ul>
            </>
          )}
        </article>
      ))}
    </section>
  );
}
