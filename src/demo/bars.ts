// Horizontal bars for the live view: a weight split and a share per color, each color in its own
// colour (or its own glyph when colours are off, so the split still reads). Pure.
import { paint, type Colour } from '../cli/render/ansi.ts';

const COLOURS: Record<string, Colour> = { red: 'red', blue: 'hiBlue', black: 'grey', green: 'green', yellow: 'yellow' };
const PLAIN_GLYPHS = ['█', '▓', '▒', '#'];
export const EMPTY_CELL = '░';

export function colourOf(color: string): Colour | undefined {
  return COLOURS[color];
}

/** A bar of `width` cells split between the parts by share (0..1), in order; cells left over are empty. */
export function splitBar(
  parts: ReadonlyArray<{ color: string; share: number }>,
  width: number,
  useColour: boolean,
): string {
  const cells = apportion(
    parts.map((part) => part.share),
    width,
  );
  let bar = '';
  parts.forEach((part, index) => {
    const glyph = useColour ? '█' : (PLAIN_GLYPHS[index] ?? '#');
    bar += paint(glyph.repeat(cells[index] ?? 0), colourOf(part.color), useColour);
  });
  const used = cells.reduce((sum, n) => sum + n, 0);
  return bar + EMPTY_CELL.repeat(Math.max(0, width - used));
}

/** Whole cells per share, rounding so that they add up to round(sum of shares * width) (largest remainders first). */
export function apportion(shares: readonly number[], width: number): number[] {
  const total = Math.min(width, Math.round(shares.reduce((sum, share) => sum + share, 0) * width));
  const exact = shares.map((share) => share * width);
  const cells = exact.map(Math.floor);
  let missing = total - cells.reduce((sum, n) => sum + n, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder);
  for (const { index } of byRemainder) {
    if (missing <= 0) break;
    cells[index] = (cells[index] ?? 0) + 1;
    missing--;
  }
  return cells;
}

/** `red 80%`, painted in the color. */
export function colorLabel(color: string, share: number, useColour: boolean): string {
  return `${paint(color, colourOf(color), useColour)} ${Math.round(share * 100)}%`;
}
