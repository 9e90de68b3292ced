// An answer of the local API other than 2xx: the status, the sentence, and more fields of the JSON
// body (such as the lint lines of an invalid object).
export class HttpError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  constructor(status: number, message: string, body: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.body = body;
  }
}
