// Kubernetes IntOrString used as "a count or a percentage of a total" (maxSurge, maxUnavailable,
// failureLimit, ...). A string is a percentage with or without its `%` sign.
import type { IntOrString } from './types/meta.ts';

export class IntOrPercentError extends Error {}

export interface ParsedIntOrPercent {
  value: number;
  isPercent: boolean;
}

export function parseIntOrPercent(value: IntOrString): ParsedIntOrPercent {
  if (typeof value === 'number') {
    if (!Number.isInteger(value))
      throw new IntOrPercentError(`${value} must be a whole number or a percentage such as "25%"`);
    return { value, isPercent: false };
  }
  const match = /^\s*(-?\d+)\s*%?\s*$/.exec(value);
  if (!match) throw new IntOrPercentError(`"${value}" must be a whole number or a percentage such as "25%"`);
  return { value: Number(match[1]), isPercent: true };
}

/** The absolute value for `total` replicas; percentages round up or down as the caller asks. */
export function scaledValue(value: IntOrString, total: number, roundUp: boolean): number {
  const parsed = parseIntOrPercent(value);
  if (!parsed.isPercent) return parsed.value;
  const exact = (parsed.value * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** An IntOrString that must be a plain integer (Argo's count, failureLimit, ... given as a string). */
export function integerValue(value: IntOrString): number {
  if (typeof value === 'number') return value;
  if (!/^\s*-?\d+\s*$/.test(value)) throw new IntOrPercentError(`"${value}" must be a whole number`);
  return Number(value);
}
