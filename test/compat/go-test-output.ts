// Reads the `-test.v` output of one run of a Go test binary holding testify suites: the result
// line of each test (`--- PASS: TestFunctionalSuite/TestX (12.34s)`, indented for subtests) and,
// for a failure, the first line that says why. Pure: the text in, the findings out.

export type GoResult = 'pass' | 'fail' | 'skip';

export interface GoTestOutcome {
  result: GoResult;
  seconds: number;
}

const resultLine = /^\s*--- (PASS|FAIL|SKIP): (\S+) \((\d+(?:\.\d+)?)s\)/;
const runLine = /^=== (?:RUN|CONT|NAME)\s+(\S+)/;

/** Every `--- PASS/FAIL/SKIP` line, by test name (suite and subtests alike). */
export function resultsOf(output: string): Map<string, GoTestOutcome> {
  const results = new Map<string, GoTestOutcome>();
  for (const line of output.split('\n')) {
    const match = resultLine.exec(line);
    if (!match) continue;
    results.set(match[2] ?? '', { result: (match[1] ?? 'FAIL').toLowerCase() as GoResult, seconds: Number(match[3]) });
  }
  return results;
}

/**
 * The first line of `test`'s own output that tells why it failed: a `t.Fatal`/`t.Error` line
 * (`when.go:555: timeout after 1m30s waiting for condition status=Healthy`), testify's `Error:`
 * line with its first continuation, a logrus error (`level=error msg="..."`, which the fixtures
 * log before `FailNow()`), or Go's timeout panic. Looks in the lines after `=== RUN test` first,
 * then in the whole output (a failing SetupSuite fails before any method runs). Undefined when
 * nothing qualifies.
 */
export function firstFailureLine(output: string, test?: string): string | undefined {
  const lines = output.split('\n');
  if (test !== undefined) {
    const start = lines.findIndex((line) => runLine.exec(line)?.[1] === test);
    if (start >= 0) {
      const found = scan(lines.slice(start + 1), test);
      if (found !== undefined) return found;
    }
  }
  return scan(lines, undefined);
}

function scan(lines: string[], test: string | undefined): string | undefined {
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    // Another test's section: stop at its start (ours has ended).
    const run = runLine.exec(line);
    if (test !== undefined && run && run[1] !== test && !run[1]?.startsWith(`${test}/`)) return undefined;
    const panic = /^panic: (test timed out after \S+)/.exec(line);
    if (panic) return panic[1];
    const located = /^\s+(\w[\w.-]*\.go:\d+): (.*\S)?\s*$/.exec(line);
    if (located) {
      if (located[2] !== undefined) return `${located[1]}: ${located[2]}`;
      const testify = testifyError(lines, index + 1);
      if (testify !== undefined) return `${located[1]}: ${testify}`;
      continue;
    }
    const logged = /level=(?:error|fatal) msg=(?:"((?:[^"\\]|\\.)*)"|(\S+))/.exec(line);
    if (logged) return logged[1] !== undefined ? unescapeLogfmt(logged[1]) : logged[2];
  }
  return undefined;
}

/**
 * testify's block after `file.go:N:`: keys at one tab (`\tError Trace:\t...`, `\tError:      \t<what>`),
 * continuations at a tab, spaces and a tab. Gives the Error line and its next two continuations.
 */
function testifyError(lines: string[], from: number): string | undefined {
  for (let index = from; index < Math.min(lines.length, from + 12); index++) {
    const match = /^ *\tError:\s*\t(.*\S)\s*$/.exec(lines[index] ?? '');
    if (!match) continue;
    const parts = [match[1] ?? ''];
    for (let next = index + 1; next <= index + 2; next++) {
      const continuation = /^ *\t +\t(.*\S)\s*$/.exec(lines[next] ?? '');
      if (!continuation) break;
      parts.push(continuation[1] ?? '');
    }
    return parts.join(' ');
  }
  return undefined;
}

function unescapeLogfmt(text: string): string {
  return text.replace(/\\(["\\])/g, '$1').replace(/\\n/g, ' ');
}
