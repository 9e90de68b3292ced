import type { RolloutView } from '../../contract.ts';
import { weightText } from '../format.ts';
import { StatusBadge } from './StatusBadge.tsx';

/** The rollout's summary: status and message, strategy, step, weights and replica counts. */
export function RolloutHeader({ view }: { view: RolloutView }) {
  const canary = view.strategy === 'Canary';
  const { replicas } = view;
  return (
    <section aria-labelledby="summary-heading" class="panel summary" data-testid="rollout-summary">
      <h2 id="summary-heading" class="visually-hidden">
        Summary
      </h2>
      <dl class="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={view.status} testId="rollout-status" />
            {view.message && (
              <span class="message" data-testid="rollout-message">
                {' '}
                {view.message}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Strategy</dt>
          <dd data-testid="rollout-strategy">{view.strategy}</dd>
        </div>
        {canary && (
          <>
            <div>
              <dt>Step</dt>
              <dd data-testid="rollout-step">{view.step || '-'}</dd>
            </div>
            <div>
              <dt>Set weight</dt>
              <dd data-testid="rollout-set-weight">{weightText(view.setWeight)}</dd>
            </div>
            <div>
              <dt>Actual weight</dt>
              <dd data-testid="rollout-actual-weight">{weightText(view.actualWeight)}</dd>
            </div>
          </>
        )}
        <div>
          <dt>Replicas</dt>
          <dd data-testid="rollout-replicas">
            {replicas.desired} desired, {replicas.current} current, {replicas.updated} updated, {replicas.ready} ready,{' '}
            {replicas.available} available
          </dd>
        </div>
        <div class="wide">
          <dt>Images</dt>
          <dd class="images">
            {view.images.map((image) => (
              <span key={image.image} class="image">
                <code>{image.image}</code>
                {[...image.tags, ...image.experimentTemplates].map((tag) => (
                  <span key={tag} class="tag">
                    {tag}
                  </span>
                ))}
              </span>
            ))}
          </dd>
        </div>
      </dl>
    </section>
  );
}
