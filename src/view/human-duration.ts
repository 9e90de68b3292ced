// Ages and delays as kubectl prints them (the AGE column): `45s`, `2m30s`, `45m`, `3h20m`,
// `30h`, `2d4h`, `10d`, `3y`. Coarser as the duration grows; sub-second parts are dropped.

interface Unit {
  suffix: string;
  /** How many of the previous unit make one of this. */
  size: number;
  /** Below `threshold` of this unit, the previous unit is shown alone. */
  threshold: number;
  /** Below `detailBelow` of this unit, the remainder in the previous unit is shown too. */
  detailBelow: number;
}

const units: Unit[] = [
  { suffix: 'm', size: 60, threshold: 2, detailBelow: 10 },
  { suffix: 'h', size: 60, threshold: 3, detailBelow: 8 },
  { suffix: 'd', size: 24, threshold: 2, detailBelow: 8 },
  { suffix: 'y', size: 365, threshold: 2, detailBelow: 8 },
];

/**
 * Formats a duration in milliseconds. A slightly negative duration (clocks a second apart) reads
 * `0s`; anything earlier than that is `<invalid>`, as kubectl prints it.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  let value = seconds;
  let suffix = 's';
  for (const unit of units) {
    if (value < unit.size * unit.threshold) return `${value}${suffix}`;
    const whole = Math.floor(value / unit.size);
    const rest = value % unit.size;
    if (whole < unit.detailBelow)
      return rest === 0 ? `${whole}${unit.suffix}` : `${whole}${unit.suffix}${rest}${suffix}`;
    value = whole;
    suffix = unit.suffix;
  }
  return `${value}${suffix}`;
}

/** The age of something created at `createdAt` (epoch ms), seen at `now`; '' when unknown. */
export function ageAt(createdAt: number | undefined, now: number): string {
  return createdAt === undefined ? '' : humanDuration(now - createdAt);
}
