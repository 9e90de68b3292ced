// A template that does not parse, or fails while it runs; the message reads as Go's does
// ("template: <name>:<line>: ..."), so it can be compared with what Argo users see.
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** Raised by a function or an operation while a template runs; turned into a TemplateError with its place. */
export class ExecError extends Error {
  override name = 'ExecError';
}
