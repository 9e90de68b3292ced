// ANSI colours, and measuring text that may contain them. Only SGR colour sequences are produced
// here; the cursor movements of live redraw are in live.ts.

export type Colour = 'red' | 'green' | 'yellow' | 'hiBlue' | 'grey';

const codes: Record<Colour, number> = { red: 31, green: 32, yellow: 33, hiBlue: 94, grey: 90 };

const ESC = '\x1b';
const RESET = `${ESC}[0m`;
// Every escape sequence a rendered line may contain: SGR colours and CSI cursor/erase commands.
const escapeSequence = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Wraps text in a colour when colours are on and a colour is given; otherwise returns it as is. */
export function paint(text: string, colour: Colour | undefined, enabled: boolean): string {
  if (!enabled || colour === undefined || text === '') return text;
  return `${ESC}[${codes[colour]}m${text}${RESET}`;
}

export function stripAnsi(text: string): string {
  return text.replace(escapeSequence, '');
}

/** Columns the text takes on a terminal: one per code point, escape sequences excluded. */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const _ of stripAnsi(text)) width++;
  return width;
}

/** Pads with spaces to `width` visible columns. */
export function padVisible(text: string, width: number): string {
  const missing = width - visibleWidth(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
}

/**
 * Cuts the text to `width` visible columns, keeping escape sequences intact (and closing an open
 * colour) so a long line never wraps: live redraw counts on one terminal row per line.
 */
export function truncateVisible(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  let coloured = false;
  let index = 0;
  while (index < text.length && used < width) {
    escapeSequence.lastIndex = index;
    const match = text[index] === ESC ? escapeSequence.exec(text) : null;
    if (match && match.index === index) {
      out += match[0];
      coloured = match[0] !== RESET && match[0].endsWith('m');
      index += match[0].length;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(index) ?? 0);
    out += char;
    used++;
    index += char.length;
  }
  return coloured ? out + RESET : out;
}
