import type { Status } from '../../contract.ts';
import { KIND_GLYPH, KIND_LABEL } from '../format.ts';

/** A status as a badge: a glyph and the status word, coloured by its kind (never by colour alone). */
export function StatusBadge({ status, testId }: { status: Status; testId?: string }) {
  const text = status.text || KIND_LABEL[status.kind];
  return (
    <span class={`badge badge-${status.kind}`} data-testid={testId ?? 'status-badge'} data-kind={status.kind}>
      <span aria-hidden="true">{KIND_GLYPH[status.kind]}</span> {text}
    </span>
  );
}
