import { useEffect, useRef } from 'preact/hooks';

/** A modal question before a disruptive action; Escape or Cancel says no. */
export function ConfirmDialog({
  question,
  detail,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  question: string;
  detail: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    // The focus goes back where it was (the button that asked) when the dialog goes away.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class="confirm"
      aria-labelledby="confirm-question"
      aria-describedby="confirm-detail"
      data-testid="confirm-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="confirm-question">{question}</h2>
      <p id="confirm-detail">{detail}</p>
      <div class="buttons">
        <button type="button" class="danger" onClick={onConfirm} data-testid="confirm-yes">
          {confirmLabel}
        </button>
        <button type="button" class="secondary" onClick={onCancel} data-testid="confirm-no" autofocus>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
