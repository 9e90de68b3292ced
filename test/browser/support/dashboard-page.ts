// What the browser tests and the benchmark look for on the dashboard's pages: its roles, labels and
// test ids (src/dashboard/web/), in one place so a change of markup is fixed once.
import type { Locator, Page } from 'playwright-core';

/** The rollout page's status badge: the benchmark's "data shown" moment is when it first appears. */
export const DATA_SHOWN_SELECTOR = '[data-testid="rollout-summary"] [data-testid="rollout-status"]';

export function rolloutStatus(page: Page): Locator {
  return page.getByTestId('rollout-status');
}

export function rolloutStep(page: Page): Locator {
  return page.getByTestId('rollout-step');
}

export function currentStep(page: Page): Locator {
  return page.getByTestId('current-step');
}

/** The address of a rollout's page on the dashboard at `origin`. */
export function rolloutAddress(origin: string, namespace: string, name: string): string {
  return `${origin}/rollouts/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}
