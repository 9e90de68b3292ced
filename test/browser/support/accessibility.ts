// Two accessibility checks run inside the page: text contrast as WCAG 2.1 AA measures it (4.5:1,
// 3:1 for large text; disabled controls are exempt, as WCAG exempts inactive components), and
// controls without an accessible name. Each returns what fails, described so a reader finds it.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

// Plain JavaScript read as text: it runs in the page, and the Node tsconfig has no DOM types.
const probe = (file: string) => `(${readFileSync(new URL(file, import.meta.url), 'utf8')})()`;
const CONTRAST_PROBE = probe('./contrast-probe.js');
const NAMES_PROBE = probe('./names-probe.js');

export interface ContrastFailure {
  text: string;
  ratio: number;
  needed: number;
  color: string;
  background: string;
}

export function contrastFailures(page: Page): Promise<ContrastFailure[]> {
  return page.evaluate<ContrastFailure[]>(CONTRAST_PROBE);
}

/** Buttons, links, inputs, selects and text areas that a screen reader would announce without a name. */
export function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(NAMES_PROBE);
}

/** Fails with every contrast failure and unnamed control of the page as it is now. */
export async function assertAccessible(page: Page, where: string): Promise<void> {
  const [contrast, unnamed] = await Promise.all([contrastFailures(page), unnamedControls(page)]);
  if (contrast.length > 0 || unnamed.length > 0)
    throw new Error(
      `${where}: ${contrast.length} text(s) below WCAG AA contrast, ${unnamed.length} control(s) without a name\n${JSON.stringify({ contrast, unnamed }, null, 2)}`,
    );
}
