// Label selectors in the API's text form ("app=web,tier!=db,env in (a,b),!canary"), matched
// against an object's labels: what the caches and the fake client filter lists with.

type Requirement = { key: string; op: 'in' | 'notin'; values: string[] } | { key: string; op: 'exists' | 'absent' };

/** Parses a selector; a clear error for text that is not one. */
export function parseLabelSelector(text: string): Requirement[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms
    .map((term) => term.trim())
    .filter((term) => term !== '')
    .map((term) => parseTerm(term, text));
}

function parseTerm(term: string, whole: string): Requirement {
  const set = /^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set)
    return { key: set[1]!, op: set[2] as 'in' | 'notin', values: set[3]!.split(',').map((value) => value.trim()) };
  const equality = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(term);
  if (equality) return { key: equality[1]!, op: equality[2] === '!=' ? 'notin' : 'in', values: [equality[3]!] };
  const absent = /^!\s*([^\s!=()]+)$/.exec(term);
  if (absent) return { key: absent[1]!, op: 'absent' };
  if (/^[^\s!=()]+$/.test(term)) return { key: term, op: 'exists' };
  throw new Error(
    `label selector "${whole}": cannot read "${term}"; write key=value, key!=value, key in (a,b), key notin (a,b), key or !key`,
  );
}

export function matchesLabelSelector(
  selector: string | Requirement[],
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const requirements = typeof selector === 'string' ? parseLabelSelector(selector) : selector;
  return requirements.every((requirement) => {
    const value = labels?.[requirement.key];
    switch (requirement.op) {
      case 'exists':
        return value !== undefined;
      case 'absent':
        return value === undefined;
      case 'in':
        return value !== undefined && requirement.values.includes(value);
      case 'notin':
        return value === undefined || !requirement.values.includes(value);
    }
  });
}
