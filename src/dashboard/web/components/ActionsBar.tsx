import { useEffect, useRef, useState } from 'preact/hooks';
import type { ActionName, ActionRequest, ActionResult, RolloutPage } from '../../contract.ts';
import { runAction } from '../api.ts';
import { actionLabel } from '../format.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { SetImageForm } from './SetImageForm.tsx';
import { UndoForm } from './UndoForm.tsx';

const SIMPLE: ActionName[] = ['promote', 'promote-full', 'abort', 'retry', 'restart'];

/** What each confirmed action is asked as. */
function confirmation(action: ActionName, name: string, body: ActionRequest): { question: string; detail: string } {
  switch (action) {
    case 'abort':
      return {
        question: `Abort rollout ${name}?`,
        detail: 'All traffic goes back to the stable version and the update stops until it is retried.',
      };
    case 'promote-full':
      return {
        question: `Fully promote rollout ${name}?`,
        detail: 'The remaining steps, pauses and analyses are skipped: the new version becomes stable now.',
      };
    default:
      return {
        question: `Undo rollout ${name}${body.revision ? ` to revision ${body.revision}` : ''}?`,
        detail: 'The rollout goes back to that revision’s pod template, as a new update.',
      };
  }
}

const CONFIRMED = new Set<ActionName>(['abort', 'promote-full', 'undo']);

/**
 * The rollout's actions. Each is enabled only when the page lists it (the user may take it and it
 * applies now); abort, promote full and undo ask first. The outcome goes to the page's live region.
 */
export function ActionsBar({
  namespace,
  name,
  page,
  onResult,
  onError,
  onStart,
}: {
  namespace: string;
  name: string;
  page: RolloutPage;
  onResult: (result: ActionResult) => void;
  onError: (message: string) => void;
  onStart: () => void;
}) {
  const [busy, setBusy] = useState<ActionName>();
  const [asking, setAsking] = useState<{ action: ActionName; body: ActionRequest }>();
  // Counts the actions that succeeded: the forms empty themselves after each.
  const [done, setDone] = useState(0);
  const allowed = new Set(page.actions);
  // A button that is disabled while it has the focus (its action no longer applies) drops the focus
  // to the page's start; the keyboard's place stays in this section instead, on its heading.
  const lastFocused = useRef<HTMLElement | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const element = lastFocused.current;
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (element && lost && element.matches(':disabled')) heading.current?.focus({ preventScroll: true });
  });

  const run = (action: ActionName, body: ActionRequest = {}) => {
    setAsking(undefined);
    setBusy(action);
    onStart();
    runAction(namespace, name, action, body).then(
      (result) => {
        setBusy(undefined);
        setDone((count) => count + 1);
        onResult(result);
      },
      (error: Error) => {
        setBusy(undefined);
        onError(error.message);
      },
    );
  };
  const request = (action: ActionName, body: ActionRequest = {}) => {
    if (busy) return;
    if (CONFIRMED.has(action)) setAsking({ action, body });
    else run(action, body);
  };

  return (
    <section
      aria-labelledby="actions-heading"
      class="panel actions"
      onFocusIn={(event) => {
        lastFocused.current = event.target instanceof HTMLElement ? event.target : null;
      }}
    >
      <h2 id="actions-heading" ref={heading} tabIndex={-1}>
        Actions
      </h2>
      {page.actionsRefused && (
        <p id="actions-refused" class="notice notice-error" data-testid="actions-refused">
          {page.actionsRefused}
        </p>
      )}
      <div class="buttons">
        {SIMPLE.map((action) => (
          <button
            key={action}
            type="button"
            class={action === 'abort' ? 'danger' : undefined}
            disabled={!allowed.has(action)}
            aria-busy={busy === action}
            data-testid={`action-${action}`}
            aria-describedby={page.actionsRefused ? 'actions-refused' : undefined}
            onClick={() => request(action)}
          >
            {actionLabel(action)}
          </button>
        ))}
      </div>
      <div class="action-forms">
        <SetImageForm
          resetKey={done}
          containers={page.containers}
          disabled={!allowed.has('set-image')}
          onSubmit={(body) => request('set-image', body)}
        />
        <UndoForm
          resetKey={done}
          revisions={page.revisions}
          disabled={!allowed.has('undo')}
          onSubmit={(body) => request('undo', body)}
        />
      </div>
      {asking && (
        <ConfirmDialog
          {...confirmation(asking.action, name, asking.body)}
          confirmLabel={actionLabel(asking.action)}
          onConfirm={() => run(asking.action, asking.body)}
          onCancel={() => setAsking(undefined)}
        />
      )}
    </section>
  );
}
