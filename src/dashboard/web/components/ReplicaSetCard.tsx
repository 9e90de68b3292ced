import type { ReplicaSetView } from '../types.ts';
import { StatusBadge } from './StatusBadge.tsx';

/** A ReplicaSet: its role tags, revision, replicas and images, and its pods. */
export function ReplicaSetCard({ replicaSet }: { replicaSet: ReplicaSetView }) {
  return (
    <div
      class="replica-set"
      data-testid="replica-set"
      data-name={replicaSet.name}
      data-tags={replicaSet.tags.join(' ')}
    >
      <div class="replica-set-head">
        <span class="name">{replicaSet.name}</span>
        {replicaSet.tags.map((tag) => (
          <span key={tag} class={`tag tag-${tag}`}>
            {tag}
          </span>
        ))}
        {replicaSet.experimentTemplate && <span class="tag">template {replicaSet.experimentTemplate}</span>}
        <StatusBadge status={replicaSet.status} />
      </div>
      <p class="muted small">
        {replicaSet.revision > 0 ? `revision ${replicaSet.revision} · ` : ''}
        {replicaSet.available}/{replicaSet.replicas} available
        {replicaSet.scaleDownDelay ? ` · scale down in ${replicaSet.scaleDownDelay}` : ''}
        {replicaSet.age ? ` · ${replicaSet.age} old` : ''}
      </p>
      <p class="images">
        {replicaSet.images.map((image) => (
          <code key={image}>{image}</code>
        ))}
      </p>
      {replicaSet.pods.length > 0 && (
        <ul class="pods" aria-label={`Pods of ${replicaSet.name}`}>
          {replicaSet.pods.map((pod) => (
            <li key={pod.name} class="pod" data-testid="pod">
              <span class="name">{pod.name}</span> <StatusBadge status={pod.status} />{' '}
              <span class="muted small">
                ready {pod.ready}
                {pod.restarts > 0 ? ` · ${pod.restarts} restarts` : ''}
                {pod.age ? ` · ${pod.age}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
