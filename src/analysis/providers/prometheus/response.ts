// Reads a Prometheus HTTP API answer (/api/v1/query, /api/v1/query_range): a vector gives an
// array of floats, a scalar a float, a matrix the values of every series in order, and an empty
// result an empty array. "NaN", "+Inf" and "-Inf" are kept as NaN and infinities.

export interface PrometheusValue {
  /** What conditions see as `result`. */
  result: number | number[];
  /** The measurement's value as Argo writes it: `0.95` or `[0.95,1]`. */
  value: string;
  warnings: string[];
}

export class PrometheusResponseError extends Error {
  override name = 'PrometheusResponseError';
}

interface ApiAnswer {
  status?: string;
  errorType?: string;
  error?: string;
  warnings?: unknown;
  data?: { resultType?: string; result?: unknown };
}

/** Interprets the HTTP status and body; throws PrometheusResponseError with a readable message. */
export function readPrometheusAnswer(status: number, body: string): PrometheusValue {
  let answer: ApiAnswer;
  try {
    answer = JSON.parse(body) as ApiAnswer;
  } catch {
    const kind = status >= 500 ? 'server error' : status >= 400 ? 'client error' : 'unexpected answer';
    throw new PrometheusResponseError(
      `${kind} ${status}: the answer is not Prometheus API JSON (${excerpt(body)}); check the address points at Prometheus`,
    );
  }
  if (answer.status === 'error' || (status >= 400 && answer.status !== 'success')) {
    throw new PrometheusResponseError(`${answer.errorType ?? 'error'}: ${answer.error ?? `HTTP ${status}`}`);
  }
  if (answer.status !== 'success' || !answer.data) {
    throw new PrometheusResponseError(`unexpected answer (HTTP ${status}): ${excerpt(body)}`);
  }
  const warnings = Array.isArray(answer.warnings) ? answer.warnings.map(String) : [];
  return { ...valueOf(answer.data.resultType, answer.data.result), warnings };
}

function valueOf(resultType: string | undefined, result: unknown): { result: number | number[]; value: string } {
  switch (resultType) {
    case 'scalar': {
      const number = sampleNumber((result as unknown[] | undefined)?.[1]);
      return { result: number, value: formatSample(number) };
    }
    case 'vector': {
      const numbers = asArray(result).flatMap((sample) => {
        const value = (sample as { value?: unknown[] } | null)?.value;
        return value ? [sampleNumber(value[1])] : [];
      });
      return { result: numbers, value: formatVector(numbers) };
    }
    case 'matrix': {
      const numbers = asArray(result).flatMap((series) =>
        asArray((series as { values?: unknown } | null)?.values).map((pair) => sampleNumber((pair as unknown[])[1])),
      );
      return { result: numbers, value: formatVector(numbers) };
    }
    default:
      throw new PrometheusResponseError(
        `Prometheus metric type not supported: the query gives a ${resultType ?? 'missing'} result; write a query that gives a vector or a scalar`,
      );
  }
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function sampleNumber(text: unknown): number {
  if (typeof text === 'number') return text;
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  const number = typeof text === 'string' && text.trim() !== '' ? Number(text) : Number.NaN;
  if (Number.isNaN(number)) throw new PrometheusResponseError(`a sample value "${String(text)}" is not a number`);
  return number;
}

/** A sample as Prometheus' Go client prints it: plain decimal, NaN, +Inf, -Inf. */
export function formatSample(number: number): string {
  if (Number.isNaN(number)) return 'NaN';
  if (number === Number.POSITIVE_INFINITY) return '+Inf';
  if (number === Number.NEGATIVE_INFINITY) return '-Inf';
  const text = String(number);
  if (!/e/i.test(text)) return text;
  return number.toLocaleString('en-US', { useGrouping: false, maximumSignificantDigits: 17 });
}

function formatVector(numbers: readonly number[]): string {
  return `[${numbers.map(formatSample).join(',')}]`;
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'empty body';
  return flat.length > 120 ? `${flat.slice(0, 120)}...` : flat;
}
