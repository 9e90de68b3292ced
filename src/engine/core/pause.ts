// Pause and abort bookkeeping for one reconciliation (Argo's pauseContext): steps ask to add or
// remove pause reasons and to abort; the final status is computed once at the end.
import type { PauseCondition, PauseReason, RolloutStatus } from '../../api/types/rollout-status.ts';
import { formatTimestamp } from '../../conventions/timestamps.ts';

export interface PauseBook {
  readonly previous: RolloutStatus;
  addReasons: PauseReason[];
  removeReasons: PauseReason[];
  clearAll: boolean;
  addAbort: boolean;
  removeAbort: boolean;
  abortMessage: string;
}

export function newPauseBook(previous: RolloutStatus): PauseBook {
  return {
    previous,
    addReasons: [],
    removeReasons: [],
    clearAll: false,
    addAbort: false,
    removeAbort: false,
    abortMessage: '',
  };
}

export function isAborted(book: PauseBook): boolean {
  if (book.removeAbort) return false;
  return book.addAbort || book.previous.abort === true;
}

export function addAbort(book: PauseBook, message = ''): void {
  book.addAbort = true;
  book.abortMessage = message;
}

export function removeAbort(book: PauseBook): void {
  book.removeAbort = true;
}

export function addPause(book: PauseBook, reason: PauseReason): void {
  book.addReasons.push(reason);
}

export function removePause(book: PauseBook, reason: PauseReason): void {
  book.removeReasons.push(reason);
}

export function clearPauses(book: PauseBook): void {
  book.clearAll = true;
}

export function hasAddedPause(book: PauseBook): boolean {
  return book.addReasons.length > 0;
}

export function pauseCondition(status: RolloutStatus, reason: PauseReason): PauseCondition | undefined {
  return status.pauseConditions?.find((c) => c.reason === reason);
}

/**
 * Writes abort, abortedAt, pauseConditions and controllerPause into `next`. An abort keeps the
 * previous abortedAt (so the status does not change on every pass) and drops all pause conditions.
 */
export function applyPauseBook(book: PauseBook, next: RolloutStatus, now: number): void {
  const abortedAt = book.previous.abortedAt ?? formatTimestamp(now);
  delete next.pauseConditions;
  delete next.controllerPause;
  if (book.addAbort || (!book.removeAbort && book.previous.abort)) {
    next.abort = true;
    next.abortedAt = abortedAt;
    return;
  }
  delete next.abort;
  delete next.abortedAt;
  if (book.clearAll) return;

  let controllerPause = book.previous.controllerPause === true;
  const removing = new Set(book.removeReasons);
  const existing = new Set<PauseReason>();
  const kept: PauseCondition[] = [];
  for (const condition of book.previous.pauseConditions ?? []) {
    if (!removing.has(condition.reason)) kept.push(condition);
    existing.add(condition.reason);
  }
  for (const reason of book.addReasons) {
    if (existing.has(reason)) continue;
    existing.add(reason);
    kept.push({ reason, startTime: formatTimestamp(now) });
    controllerPause = true;
  }
  if (kept.length === 0) return;
  next.pauseConditions = kept;
  if (controllerPause) next.controllerPause = true;
}
