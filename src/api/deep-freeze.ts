// Frozen JSON values: a value frozen all the way down, so that it can be shared between passes and
// what is derived from it remembered by its identity (podTemplateHash, stepsHash): nobody can change
// it after it was read. Strict code (every module) that tries gets a TypeError instead of changing
// what the next reader sees. Pure.

/** Freezes `value` and every object and array it holds; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const member of Object.values(value)) deepFreeze(member);
  return value;
}

/**
 * Whether `value` is an object frozen by deepFreeze (only deepFreeze freezes the objects the
 * passes read, so a frozen object is frozen all the way down), and so may be remembered by identity.
 */
export function isFrozenObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.isFrozen(value);
}
