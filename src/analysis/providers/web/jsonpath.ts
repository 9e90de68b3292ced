// Kubernetes JSONPath templates ({$.data.ok}) over a decoded JSON document, as Argo's web metric
// runs them: client-go's util/jsonpath (v0.34) FindResults without AllowMissingKeys, followed
// step by step (jsonpath-parser.ts parses, this file evaluates; nothing is executed). A missing
// field is an error, a filter compares only values of the same Go type (a JSON number is a
// float64, so [?(@.v > 2)] is an error and [?(@.v > 2.0)] is not), [?(@.x)] keeps the items
// that have x (whatever its value), and {range}...{end} loops.
// Deliberate differences (docs/providers.md): an object's keys are walked in sorted order (Go's
// map order is random, so Argo's first value is not determined where it depends on it); a
// template with no {...} action is refused (client-go returns the text itself); where client-go
// panics (an index into a null document, the value of a null document) this is an error.

import { JsonPathSyntaxError, parseJsonPathTemplate, type JsonPathNode, type ListNode } from './jsonpath-parser.ts';
import {
  GoByte,
  GoCompareError,
  goCompare,
  goDisplay,
  GoInt,
  goTypeName,
  INVALID,
  isMap,
  sortedKeys,
  utf8Bytes,
  type GoValue,
} from './jsonpath-values.ts';

export class JsonPathError extends Error {
  override name = 'JsonPathError';
  /** Whether the walk had gone through an object with more than one key (see JsonPathResults). */
  orderFromKeys = false;
}

export interface JsonPathResults {
  /** Every value of every result list, in order; Argo's value is the first. */
  values: unknown[];
  /** Whether the order of `values` came from walking an object with more than one key. */
  orderFromKeys: boolean;
}

export interface CompiledJsonPath {
  readonly source: string;
  /** Every value the template selects, in order; throws JsonPathError as FindResults errs. */
  find(document: unknown): unknown[];
  results(document: unknown): JsonPathResults;
}

/** Parses a template such as `{$.a.b}`; throws JsonPathError for a malformed one. */
export function compileJsonPath(source: string): CompiledJsonPath {
  let root: ListNode;
  try {
    root = parseJsonPathTemplate(source);
  } catch (error) {
    if (error instanceof JsonPathSyntaxError)
      throw new JsonPathError(`jsonPath "${source}" is not valid: ${error.message}`);
    throw error;
  }
  if (!root.nodes.some((node) => node.type === 'list')) {
    throw new JsonPathError(
      `jsonPath "${source}" must be written in braces, e.g. {${source.trim() || '$'}} (without them Argo takes the text itself as the value)`,
    );
  }
  const results = (document: unknown): JsonPathResults => {
    const run = new Evaluation(root.nodes);
    let lists: GoValue[][];
    try {
      lists = run.findResults(document === null ? INVALID : (document as GoValue));
    } catch (error) {
      if (error instanceof JsonPathError) error.orderFromKeys = run.orderFromKeys;
      throw error;
    }
    const values: unknown[] = [];
    for (const list of lists) {
      for (const value of list) {
        if (value === INVALID) {
          if (values.length === 0)
            throw new JsonPathError('the response body is the JSON null, which has no value to select');
          values.push(null);
        } else {
          values.push(plain(value));
        }
      }
    }
    return { values, orderFromKeys: run.orderFromKeys };
  };
  return { source, find: (document) => results(document).values, results };
}

function plain(value: GoValue): unknown {
  if (value instanceof GoInt) return Number(value.value);
  if (value instanceof GoByte) return value.value;
  return value;
}

/** One walk's answer: client-go returns the values it has alongside an error, and uses them. */
type Walked = [GoValue[], string?];

/** Go's template.Indirect: unwraps an interface; a nil one is skipped. */
const isNil = (value: GoValue) => value === null;

class Evaluation {
  #rootNodes: JsonPathNode[];
  #beginRange = 0;
  #inRange = 0;
  #endRange = 0;
  #lastEndNode: JsonPathNode | undefined;
  orderFromKeys = false;

  constructor(nodes: JsonPathNode[]) {
    this.#rootNodes = nodes;
  }

  findResults(data: GoValue): GoValue[][] {
    const nodes = this.#rootNodes;
    const full: GoValue[][] = [];
    for (let index = 0; index < nodes.length; index++) {
      const node = nodes[index] as JsonPathNode;
      const [results, error] = this.#walk([data], node);
      if (error !== undefined) throw new JsonPathError(error);
      if (this.#endRange > 0 && this.#endRange <= this.#inRange) {
        this.#endRange--;
        this.#lastEndNode = node;
        break;
      }
      if (this.#beginRange > 0) {
        this.#beginRange--;
        this.#inRange++;
        this.#rootNodes = nodes.slice(index + 1);
        if (results.length > 0) {
          for (const value of results) {
            this.#rootNodes = nodes.slice(index + 1);
            full.push(...this.findResults(value === null ? INVALID : value));
          }
        } else {
          this.findResults(INVALID);
        }
        this.#inRange--;
        for (let k = index + 1; k < nodes.length; k++) {
          if (nodes[k] === this.#lastEndNode) {
            index = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  #walk(input: GoValue[], node: JsonPathNode): Walked {
    switch (node.type) {
      case 'list':
        return this.#evalList(input, node);
      case 'text':
        return [[node.text]];
      case 'field':
        return this.#evalField(input, node.name);
      case 'array':
        return evalArray(input, node.params);
      case 'filter':
        return this.#evalFilter(input, node);
      case 'int':
        return [input.map(() => new GoInt(node.value))];
      case 'float':
        return [input.map(() => node.value)];
      case 'bool':
        return [input.map(() => node.value)];
      case 'wildcard':
        return [input.flatMap((value) => this.#children(value))];
      case 'recursive':
        return [this.#evalRecursive(input)];
      case 'union':
        return this.#evalUnion(input, node.nodes);
      case 'identifier':
        return this.#evalIdentifier(input, node.name);
    }
  }

  #evalList(input: GoValue[], list: ListNode): Walked {
    let current = input;
    for (const node of list.nodes) {
      const [values, error] = this.#walk(current, node);
      current = values;
      if (error !== undefined) return [current, error];
    }
    return [current];
  }

  #evalIdentifier(input: GoValue[], name: string): Walked {
    if (name === 'range') {
      this.#beginRange++;
      return [input];
    }
    if (name === 'end') {
      if (this.#inRange > 0) {
        this.#endRange++;
        return [[]];
      }
      return [[], 'not in range, nothing to end'];
    }
    return [input, `unrecognized identifier ${name}`];
  }

  #evalUnion(input: GoValue[], lists: ListNode[]): Walked {
    const out: GoValue[] = [];
    for (const list of lists) {
      const [values, error] = this.#evalList(input, list);
      if (error !== undefined) return [input, error];
      out.push(...values);
    }
    return [out];
  }

  #evalField(input: GoValue[], name: string): Walked {
    const out: GoValue[] = [];
    if (input.length === 0) return [out];
    for (const value of input) {
      if (isNil(value) || !isMap(value) || !Object.hasOwn(value, name)) continue;
      out.push(value[name] as GoValue);
    }
    if (out.length === 0) return [out, `${name} is not found`];
    return [out];
  }

  /** The values a wildcard gives: an object's values, an array's items, a string's bytes. */
  #children(value: GoValue): GoValue[] {
    if (isNil(value) || value === INVALID) return [];
    if (isMap(value)) {
      const keys = sortedKeys(value);
      if (keys.length > 1) this.orderFromKeys = true;
      return keys.map((key) => value[key] as GoValue);
    }
    if (Array.isArray(value)) return value;
    if (typeof value === 'string') return utf8Bytes(value);
    return [];
  }

  #evalRecursive(input: GoValue[]): GoValue[] {
    const out: GoValue[] = [];
    for (const value of input) {
      const children = this.#children(value);
      if (children.length === 0) continue;
      out.push(value, ...this.#evalRecursive(children));
    }
    return out;
  }

  #evalFilter(input: GoValue[], filter: Extract<JsonPathNode, { type: 'filter' }>): Walked {
    const out: GoValue[] = [];
    for (const value of input) {
      if (!Array.isArray(value)) return [input, `${goDisplay(value)} is not array or slice and cannot be filtered`];
      for (const item of value) {
        const [lefts, leftError] = this.#evalList([item], filter.left);
        if (filter.operator === 'exists') {
          if (lefts.length > 0) out.push(item);
          continue;
        }
        if (leftError !== undefined) return [input, leftError];
        if (lefts.length === 0) continue;
        if (lefts.length > 1) return [input, 'can only compare one element at a time'];
        const [rights, rightError] = this.#evalList([item], filter.right);
        if (rightError !== undefined) return [input, rightError];
        if (rights.length === 0) continue;
        if (rights.length > 1) return [input, 'can only compare one element at a time'];
        try {
          if (goCompare(filter.operator, lefts[0] as GoValue, rights[0] as GoValue)) out.push(item);
        } catch (error) {
          if (error instanceof GoCompareError) return [out, error.message];
          throw error;
        }
      }
    }
    return [out];
  }
}

function evalArray(input: GoValue[], params: Extract<JsonPathNode, { type: 'array' }>['params']): Walked {
  const out: GoValue[] = [];
  for (const value of input) {
    if (isNil(value)) continue;
    if (value === INVALID) throw new JsonPathError('the response body is the JSON null, which cannot be indexed');
    if (!Array.isArray(value)) return [input, `${goTypeName(value)} is not array or slice`];
    const length = value.length;
    let start = params[0].known ? params[0].value : 0;
    if (start < 0) start += length;
    let end = params[1].known ? params[1].value : length;
    if (end < 0 || (end === 0 && params[1].derived)) end += length;
    if (end === start) return [out];
    if (start >= length || start < 0) return [input, `array index out of bounds: index ${start}, length ${length}`];
    if (end > length || end < 0) return [input, `array index out of bounds: index ${end - 1}, length ${length}`];
    if (start > end) return [input, `starting index ${start} is greater than ending index ${end}`];
    let step = 1;
    if (params[2].known) {
      if (params[2].value <= 0) return [input, 'step must be > 0'];
      step = params[2].value;
    }
    for (let index = start; index < end; index += step) out.push(value[index] as GoValue);
  }
  return [out];
}
