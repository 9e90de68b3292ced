// Health checks: small named functions that say whether one part of the controller is well.
// A check that throws or takes longer than its deadline counts as failed.

export type CheckOutcome = { ok: true } | { ok: false; reason: string };

export type HealthCheck = () => CheckOutcome | Promise<CheckOutcome>;

export const passed: CheckOutcome = { ok: true };

export function failed(reason: string): CheckOutcome {
  return { ok: false, reason };
}

export interface CheckReport {
  ok: boolean;
  results: Array<{ name: string; outcome: CheckOutcome }>;
}

/** Runs every check (concurrently); each gets at most `timeoutMs`. */
export async function runChecks(
  checks: Readonly<Record<string, HealthCheck>>,
  timeoutMs: number,
): Promise<CheckReport> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => ({ name, outcome: await runOne(check, timeoutMs) })),
  );
  return { ok: results.every((result) => result.outcome.ok), results };
}

async function runOne(check: HealthCheck, timeoutMs: number): Promise<CheckOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => resolve(failed(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), deadline]);
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}

/** The kube-apiserver style body: `[+]name ok` / `[-]name failed: reason`, then the verdict. */
export function reportText(report: CheckReport, verbose: boolean): string {
  if (report.ok && !verbose) return 'ok\n';
  const lines = report.results.map(({ name, outcome }) =>
    outcome.ok ? `[+]${name} ok` : `[-]${name} failed: ${outcome.reason}`,
  );
  return `${lines.join('\n')}\n${report.ok ? 'ok' : 'check failed'}\n`;
}

/** Ready once every informer has filled its cache (e.g. `() => factory.hasSynced()`). */
export function cachesSynced(hasSynced: () => boolean): HealthCheck {
  return () => (hasSynced() ? passed : failed('the informer caches have not synced yet'));
}
