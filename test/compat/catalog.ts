// The tests of Argo Rollouts' e2e suite, read from its Go sources: every testify suite (the
// top-level `TestXSuite(t)` that calls `suite.Run(t, new(XSuite))`) and its `TestY` methods.
// `go test -list` only names the top-level functions, so the methods are found here. A method
// may live in another file than its suite (TestBlueGreenPreviewReplicaCountPromoteFull is a
// FunctionalSuite method in bluegreen_test.go).

export interface CatalogTest {
  /** Top-level Go test, e.g. TestFunctionalSuite. */
  suite: string;
  /** Method, e.g. TestCanaryPromoteFull. */
  method: string;
  /** As `go test -v` names it: TestFunctionalSuite/TestCanaryPromoteFull. */
  name: string;
}

/** Reads the suites and their methods from the `_test.go` sources (file name -> text). */
export function catalogFromSources(files: ReadonlyMap<string, string>): CatalogTest[] {
  const suiteOfType = new Map<string, string>();
  const methodsOfType = new Map<string, string[]>();
  for (const text of files.values()) {
    for (const match of text.matchAll(/^func (Test\w+)\(t \*testing\.T\) \{\s*\n\s*suite\.Run\(t, new\((\w+)\)\)/gm)) {
      suiteOfType.set(match[2] ?? '', match[1] ?? '');
    }
    for (const match of text.matchAll(/^func \(\w+ \*(\w+)\) (Test\w*)\(\) \{/gm)) {
      const type = match[1] ?? '';
      methodsOfType.set(type, [...(methodsOfType.get(type) ?? []), match[2] ?? '']);
    }
  }
  const tests: CatalogTest[] = [];
  for (const [type, suite] of [...suiteOfType].sort((a, b) => a[1].localeCompare(b[1]))) {
    for (const method of methodsOfType.get(type) ?? []) tests.push({ suite, method, name: `${suite}/${method}` });
  }
  return tests;
}

/** The short names a user may give for a suite: TestFunctionalSuite, FunctionalSuite, functional. */
export function suiteMatches(suite: string, wanted: string): boolean {
  const short = suite
    .replace(/^Test/, '')
    .replace(/Suite$/, '')
    .toLowerCase();
  const w = wanted
    .toLowerCase()
    .replace(/^test/, '')
    .replace(/suite$/, '')
    .replace(/[-_]/g, '');
  return short === w;
}

/**
 * Chooses tests: `suites` (short names, empty: all) and `patterns` (each a full name, a method
 * name, or a regular expression over the full name; empty: all). Unknown suites and patterns
 * matching nothing are an error, so a typo never runs an empty selection.
 */
export function selectTests(
  catalog: readonly CatalogTest[],
  suites: readonly string[],
  patterns: readonly string[],
): CatalogTest[] {
  for (const wanted of suites) {
    if (!catalog.some((t) => suiteMatches(t.suite, wanted))) {
      const known = [
        ...new Set(
          catalog.map((t) =>
            t.suite
              .replace(/^Test/, '')
              .replace(/Suite$/, '')
              .toLowerCase(),
          ),
        ),
      ].join(', ');
      throw new Error(`no suite "${wanted}" in Argo Rollouts' e2e tests; known: ${known}`);
    }
  }
  let chosen = suites.length === 0 ? [...catalog] : catalog.filter((t) => suites.some((s) => suiteMatches(t.suite, s)));
  if (patterns.length > 0) {
    const matchers = patterns.map((pattern) => ({ pattern, test: matcherFor(pattern, chosen) }));
    for (const { pattern, test } of matchers) {
      if (!chosen.some(test))
        throw new Error(
          `no test matches "${pattern}" (give Suite/Method, a method or suite name, or a regular expression)`,
        );
    }
    chosen = chosen.filter((t) => matchers.some(({ test }) => test(t)));
  }
  return chosen;
}

/** An exact full, method or suite name when some test has it; else a regular expression over the full name. */
function matcherFor(pattern: string, tests: readonly CatalogTest[]): (t: CatalogTest) => boolean {
  const exact = (t: CatalogTest): boolean => t.name === pattern || t.method === pattern || t.suite === pattern;
  if (tests.some(exact)) return exact;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (error) {
    throw new Error(`"${pattern}" is not a test name nor a valid regular expression: ${(error as Error).message}`);
  }
  return (t) => regex.test(t.name);
}
