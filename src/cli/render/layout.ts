// Layout shared by the renderers: options, `Label:          value` lines, status with its glyph.
import type { Status } from '../../view/model.ts';
import { paint, truncateVisible } from './ansi.ts';
import { statusColour, statusGlyph } from './glyphs.ts';

export interface RenderOptions {
  color: boolean;
  /** Terminal width: longer lines are cut so that none wraps. */
  width?: number;
}

const LABEL_WIDTH = 17;

/** Joins lines (each cut to the width when one is given) and ends with a newline. */
export function finish(lines: string[], options: RenderOptions): string {
  const width = options.width;
  const cut = width !== undefined && width > 0 ? lines.map((line) => truncateVisible(line, width)) : lines;
  return `${cut.join('\n')}\n`;
}

export function labelled(label: string, value: string): string {
  return `${label.padEnd(LABEL_WIDTH)}${value}`.trimEnd();
}

/** `✔ Healthy`, the glyph coloured when colours are on. */
export function statusText(status: Status, color: boolean): string {
  return `${paint(statusGlyph(status.kind), statusColour(status.kind), color)} ${status.text}`;
}
