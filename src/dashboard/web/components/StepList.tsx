import type { StepView } from '../../contract.ts';

const STATE_TEXT: Record<StepView['state'], string> = { done: 'done', current: 'current step', pending: 'pending' };
const STATE_GLYPH: Record<StepView['state'], string> = { done: '✔', current: '▶', pending: '○' };

/** The canary steps (or the blue-green phases), the current one marked in words as well as style. */
export function StepList({ steps, strategy }: { steps: StepView[]; strategy: string }) {
  return (
    <section aria-labelledby="steps-heading" class="panel">
      <h2 id="steps-heading">{strategy === 'BlueGreen' ? 'Phases' : 'Steps'}</h2>
      {steps.length === 0 ? (
        <p class="muted">This rollout has no steps.</p>
      ) : (
        <ol class="steps" data-testid="step-list">
          {steps.map((step) => (
            <li
              key={step.index}
              class={`step step-${step.state}`}
              data-testid={step.state === 'current' ? 'current-step' : 'step'}
              data-state={step.state}
              aria-current={step.state === 'current' ? 'step' : undefined}
            >
              <span class="step-glyph" aria-hidden="true">
                {STATE_GLYPH[step.state]}
              </span>
              <span class="step-text">{step.text}</span>
              <span class="step-state">{STATE_TEXT[step.state]}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
