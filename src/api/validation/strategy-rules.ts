// Rules shared by the canary and blue-green strategies.
import type { AntiAffinity } from '../types/rollout.ts';
import type { IntOrString } from '../types/meta.ts';
import { parseIntOrPercent } from '../int-or-percent.ts';
import type { PathSegment } from '../manifests/field-path.ts';
import type { Finding } from './finding.ts';

/** A count or percentage (`1`, `"25%"`, `"25"` meaning 25%): whole, not negative, at most 100%. */
export function intOrPercentFindings(value: IntOrString, path: PathSegment[]): Finding[] {
  let parsed;
  try {
    parsed = parseIntOrPercent(value);
  } catch {
    return [
      { path, message: `${JSON.stringify(value)} is neither a whole number nor a percentage: write e.g. 1 or "25%"` },
    ];
  }
  if (parsed.value < 0) return [{ path, message: `must not be negative, got ${JSON.stringify(value)}` }];
  if (parsed.isPercent && parsed.value > 100)
    return [{ path, message: `must not be more than 100%, got ${JSON.stringify(value)}` }];
  return [];
}

export function intOrPercentValue(value: IntOrString): number | undefined {
  try {
    return parseIntOrPercent(value).value;
  } catch {
    return undefined;
  }
}

export function antiAffinityFindings(antiAffinity: AntiAffinity | undefined, path: PathSegment[]): Finding[] {
  if (!antiAffinity) return [];
  const preferred = antiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
  const required = antiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  const findings: Finding[] = [];
  if ((preferred === undefined) === (required === undefined)) {
    findings.push({
      path,
      message:
        'set exactly one of preferredDuringSchedulingIgnoredDuringExecution and requiredDuringSchedulingIgnoredDuringExecution',
    });
  }
  if (preferred && (preferred.weight < 1 || preferred.weight > 100)) {
    findings.push({
      path: [...path, 'preferredDuringSchedulingIgnoredDuringExecution', 'weight'],
      message: `must be between 1 and 100, got ${preferred.weight}`,
    });
  }
  return findings;
}
