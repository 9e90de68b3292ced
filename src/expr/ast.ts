// The syntax tree. Every node records `at`: the source offset it is reported at.

export type Node =
  | NilNode
  | BoolNode
  | IntNode
  | FloatNode
  | StringNode
  | IdentifierNode
  | PointerNode
  | UnaryNode
  | BinaryNode
  | ConditionalNode
  | MemberNode
  | SliceNode
  | ChainNode
  | CallNode
  | MethodNode
  | PredicateNode
  | ArrayNode
  | MapNode
  | LetNode;

interface Base {
  at: number;
}

export interface NilNode extends Base {
  type: 'nil';
}
export interface BoolNode extends Base {
  type: 'bool';
  value: boolean;
}
export interface IntNode extends Base {
  type: 'int';
  value: bigint;
}
export interface FloatNode extends Base {
  type: 'float';
  value: number;
}
export interface StringNode extends Base {
  type: 'string';
  value: string;
}
export interface IdentifierNode extends Base {
  type: 'identifier';
  name: string;
}

/** `#` (name ''), `#index`, `#acc` inside a predicate; `.field` is a member of `#`. */
export interface PointerNode extends Base {
  type: 'pointer';
  name: string;
}

export type UnaryOperator = '!' | 'not' | '-' | '+';
export interface UnaryNode extends Base {
  type: 'unary';
  operator: UnaryOperator;
  operand: Node;
}

export interface BinaryNode extends Base {
  type: 'binary';
  operator: string; // normalised: 'and' -> '&&', 'or' -> '||', '^' -> '**'
  left: Node;
  right: Node;
}

export interface ConditionalNode extends Base {
  type: 'conditional';
  test: Node;
  consequent: Node;
  alternate: Node;
}

/** `a.b`, `a?.b`, `a[b]`, `a?.[b]`. */
export interface MemberNode extends Base {
  type: 'member';
  object: Node;
  property: Node;
  optional: boolean;
}

export interface SliceNode extends Base {
  type: 'slice';
  object: Node;
  from: Node | undefined;
  to: Node | undefined;
}

/** Bounds an optional chain: a `?.` on nil inside makes the whole chain nil. */
export interface ChainNode extends Base {
  type: 'chain';
  expression: Node;
}

export interface CallNode extends Base {
  type: 'call';
  name: string;
  args: Node[];
}

/** `object.name(args)`: a Go method of a time or duration, or a function held in a map (`time.Now()`). */
export interface MethodNode extends Base {
  type: 'method';
  object: Node;
  optional: boolean;
  name: string;
  args: Node[];
}

export interface PredicateNode extends Base {
  type: 'predicate';
  body: Node;
}

export interface ArrayNode extends Base {
  type: 'array';
  elements: Node[];
}

export interface MapEntry {
  key: Node;
  value: Node;
}
export interface MapNode extends Base {
  type: 'map';
  entries: MapEntry[];
}

export interface LetNode extends Base {
  type: 'let';
  name: string;
  value: Node;
  body: Node;
}

export function childrenOf(node: Node): Node[] {
  switch (node.type) {
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'conditional':
      return [node.test, node.consequent, node.alternate];
    case 'member':
      return [node.object, node.property];
    case 'slice':
      return [node.object, ...(node.from ? [node.from] : []), ...(node.to ? [node.to] : [])];
    case 'chain':
      return [node.expression];
    case 'call':
      return node.args;
    case 'method':
      return [node.object, ...node.args];
    case 'predicate':
      return [node.body];
    case 'array':
      return node.elements;
    case 'map':
      return node.entries.flatMap((entry) => [entry.key, entry.value]);
    case 'let':
      return [node.value, node.body];
    default:
      return [];
  }
}
