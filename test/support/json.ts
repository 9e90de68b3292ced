// A JSON object read from YAML or from a CRD schema, for the tests that walk one many levels deep
// (CRD schemas, Argo's samples, the deploy files).
// biome-ignore lint/suspicious/noExplicitAny: each level would need a type guard before the assertions that check the very values read
export type Json = { [key: string]: any };
