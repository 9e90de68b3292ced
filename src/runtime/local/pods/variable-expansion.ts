// Kubernetes' $(VAR) expansion in env values, command and args: a reference to a defined
// variable is replaced, an unknown one is left as written, and $$ escapes a dollar sign.

export function expandVariables(text: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char !== '$' || index + 1 >= text.length) {
      out += char;
      continue;
    }
    const next = text[index + 1];
    if (next === '$') {
      out += '$';
      index++;
      continue;
    }
    if (next === '(') {
      const close = text.indexOf(')', index + 2);
      if (close !== -1) {
        const name = text.slice(index + 2, close);
        const value = lookup(name);
        out += value ?? `$(${name})`;
        index = close;
        continue;
      }
    }
    out += char;
  }
  return out;
}
