import { useEffect, useState } from 'preact/hooks';
import type { ActionRequest } from '../../contract.ts';

/** `undo`: back to the previous revision, or to one chosen from the list (newest first). */
export function UndoForm({
  revisions,
  disabled,
  resetKey,
  onSubmit,
}: {
  revisions: number[];
  disabled: boolean;
  /** A new value (an action succeeded) empties the form. */
  resetKey: number;
  onSubmit: (body: ActionRequest) => void;
}) {
  const [revision, setRevision] = useState('0');
  useEffect(() => {
    if (resetKey > 0) setRevision('0');
  }, [resetKey]);
  return (
    <form
      class="inline-form"
      aria-label="Undo"
      data-testid="undo-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit({ revision: Number(revision) });
      }}
    >
      <fieldset disabled={disabled}>
        <legend>Undo</legend>
        <div class="field">
          <label for="undo-revision">To revision</label>
          <select
            id="undo-revision"
            data-testid="undo-revision"
            value={revision}
            onChange={(event) => setRevision(event.currentTarget.value)}
          >
            <option value="0">the previous one</option>
            {revisions.map((number) => (
              <option key={number} value={String(number)}>
                revision {number}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" data-testid="action-undo">
          Undo
        </button>
      </fieldset>
    </form>
  );
}
