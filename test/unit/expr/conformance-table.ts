// Expressions with the result expr-lang gives for them (ints as bigint, floats as
// number), or a fragment of the error it reports. Sources: expr-lang's language
// definition and its runtime/builtin semantics.

export interface Row {
  expr: string;
  env?: Record<string, unknown>;
  want?: unknown;
  error?: string;
}

const ok = (expr: string, want: unknown, env?: Record<string, unknown>): Row => ({ expr, want, ...(env ? { env } : {}) });
const fails = (expr: string, error: string, env?: Record<string, unknown>): Row => ({ expr, error, ...(env ? { env } : {}) });

const user = { Name: 'John', Age: 30, Tags: ['a', 'b'], Address: { City: 'Paris' }, Nothing: null };
const tweets = [{ Size: 100, Content: 'short' }, { Size: 300, Content: 'x'.repeat(300) }];

export const literals: Row[] = [
  ok('true', true), ok('false', false), ok('nil', null),
  ok('42', 42n), ok('0x2A', 42n), ok('0X2a', 42n), ok('0o52', 42n), ok('0b101010', 42n), ok('1_000_000', 1000000n),
  ok('0', 0n), ok('007', 7n), ok('0.5', 0.5), ok('.5', 0.5), ok('1.', 1), ok('1e3', 1000), ok('1E-2', 0.01), ok('2.5e+2', 250),
  ok('9223372036854775807', 9223372036854775807n),
  fails('9223372036854775808', 'integer literal is too large'),
  fails('0x8000000000000000', 'integer literal is too large'),
  ok('"foo"', 'foo'), ok("'bar'", 'bar'), ok('"Hello\\nWorld"', 'Hello\nWorld'), ok('"tab\\there"', 'tab\there'),
  ok('"\\u00e9"', 'é'), ok('"\\x41"', 'A'), ok('"\\101"', 'A'), ok("'it\\'s'", "it's"), ok('"say \\"hi\\""', 'say "hi"'),
  ok('`raw\\nstring`', 'raw\\nstring'), ok('`multi\nline`', 'multi\nline'), ok('"é😀"', 'é😀'),
  fails('"\\q"', 'invalid char escape'), fails('"open', 'literal not terminated'), fails('`open', 'literal not terminated'),
  ok('[1, 2, 3]', [1n, 2n, 3n]), ok('[]', []), ok('[1, "a", nil, true, 1.5]', [1n, 'a', null, true, 1.5]), ok('[1, 2,]', [1n, 2n]),
  ok('{a: 1, b: 2}', { a: 1n, b: 2n }), ok('{"a b": 1}', { 'a b': 1n }), ok("{'x': [1]}", { x: [1n] }), ok('{}', {}),
  ok('{1: "one"}', { 1: 'one' }), ok('{("a" + "b"): 1}', { ab: 1n }), ok('{a: 1,}', { a: 1n }),
  fails('{(1): 2}', 'map key must be a string'), fails('{[1]: 2}', 'a map key must be'),
  ok('/* comment */ 1', 1n), ok('1 // trailing', 1n), ok('1 /* a */ + /* b */ 2', 3n), fails('/* open', 'unclosed comment'),
  fails('1a', 'bad number syntax'), fails('@', 'unrecognized character'),
];

export const arithmetic: Row[] = [
  ok('1 + 2', 3n), ok('1 + 1.5', 2.5), ok('1.5 + 1', 2.5), ok('0.1 + 0.2', 0.1 + 0.2), ok('5 - 7', -2n), ok('5 - 0.5', 4.5),
  ok('6 * 7', 42n), ok('2 * 1.5', 3), ok('7 / 2', 3.5), ok('6 / 3', 2), ok('1 / 0', Infinity), ok('-1 / 0', -Infinity), ok('0 / 0', NaN),
  ok('7 % 2', 1n), ok('-7 % 2', -1n), ok('7 % -2', 1n), fails('7 % 0', 'integer divide by zero'), fails('7.5 % 2', 'invalid operation: %'),
  fails('7 % 2.0', 'invalid operation: %'),
  ok('2 ** 3', 8), ok('2 ^ 3', 8), ok('2 ** 0.5', Math.SQRT2), ok('2 ** -1', 0.5), ok('2 ** 3 ** 2', 512), ok('(2 ** 3) ** 2', 64),
  ok('-2 ** 2', -4), ok('1 ** (0/0)', 1),
  ok('-5', -5n), ok('+5', 5n), ok('-1.5', -1.5), ok('--5', 5n), ok('- -5', 5n), ok('-(1 + 2)', -3n),
  ok('1 + 2 * 3', 7n), ok('(1 + 2) * 3', 9n), ok('10 - 4 - 3', 3n), ok('100 / 10 / 5', 2), ok('2 * 3 % 4', 2n), ok('1 + 2 - 3 + 4', 4n),
  ok('9223372036854775807 + 1', -9223372036854775808n), ok('-9223372036854775807 - 2', 9223372036854775807n),
  ok('4611686018427387904 * 2', -9223372036854775808n), ok('-(-9223372036854775807 - 1)', -9223372036854775808n),
  ok('x + 1', 3.5, { x: 2.5 }), ok('x + 1', 3n, { x: 2n }), ok('x * 2', 4, { x: 2 }),
  fails('"a" + 1', 'invalid operation: + (mismatched types string and int)'), fails('1 + nil', 'mismatched types int and unknown'),
  fails('true + true', 'invalid operation: +'), fails('[1] + [2]', 'invalid operation: +'), fails('"a" - "b"', 'invalid operation: -'),
  fails('"a" * 2', 'invalid operation: *'), fails('"a" / 2', 'invalid operation: /'), fails('-"a"', 'invalid operation: - (mismatched type string)'),
  fails('+true', 'invalid operation: + (mismatched type bool)'), fails('nil ** 2', 'invalid operation: **'),
];

export const strings: Row[] = [
  ok('"a" + "b"', 'ab'), ok('"Hello, " + name + "!"', 'Hello, World!', { name: 'World' }),
  ok('"abc" contains "b"', true), ok('"abc" contains "d"', false), ok('"abc" contains ""', true),
  ok('"abc" startsWith "ab"', true), ok('"abc" startsWith "b"', false), ok('"abc" endsWith "bc"', true), ok('"abc" endsWith "a"', false),
  ok('"abc" not contains "d"', true), ok('"abc" not startsWith "a"', false), ok('"abc" not endsWith "x"', true),
  fails('1 contains "a"', 'invalid operation: contains'), fails('"a" startsWith nil', 'mismatched types string and unknown'),
  ok('m.none startsWith "a"', false, { m: {} }), ok('"a" contains m.none', false, { m: {} }),
  fails('"abc"[0]', 'type string[int] is undefined'), ok('m.s[0]', 97n, { m: { s: 'abc' } }), ok('m.s[-1]', 99n, { m: { s: 'abc' } }), ok('"abcdef"[1:3]', 'bc'), ok('"abcdef"[:2]', 'ab'), ok('"abcdef"[4:]', 'ef'),
  fails('m.s[5]', 'index out of range', { m: { s: 'abc' } }),
  ok('"a" < "b"', true), ok('"abc" < "abd"', true), ok('"b" > "abc"', true), ok('"a" <= "a"', true), ok('"Z" < "a"', true), ok('"" < "a"', true),
  ok('"a" == "a"', true), ok('"a" != "b"', true), fails('"1" == 1', 'mismatched types string and int'), ok('m.s == 1', false, { m: { s: '1' } }),
];

export const comparison: Row[] = [
  ok('1 == 1', true), ok('1 == 1.0', true), ok('1.0 == 1', true), ok('1 != 2', true), ok('1 == 2', false), ok('0.1 + 0.2 == 0.3', false),
  ok('1 < 2', true), ok('2 < 1', false), ok('1 < 1.5', true), ok('1.5 > 1', true), ok('2 >= 2', true), ok('2 <= 1.9', false),
  ok('1 < 2 < 3', true), ok('3 > 2 > 2', false), ok('1 < 2 <= 2 < 3', true),
  ok('nil == nil', true), ok('nil != nil', false), ok('1 == nil', false), ok('nil == false', false), ok('"" == nil', false),
  ok('true == true', true), ok('true != false', true), fails('true == 1', 'mismatched types bool and int'), fails('"true" == true', 'mismatched types string and bool'),
  ok('[1, 2] == [1, 2]', true), ok('[1, 2] == [2, 1]', false), ok('[1] == [1.0]', true), ok('{a: 1} == {a: 1.0}', false), ok('{a: 1} == {a: 1}', true), ok('{a: 1} == {a: 2}', false),
  ok('[] == []', true), ok('x == x', false, { x: NaN }), ok('x != x', true, { x: NaN }), ok('x < 1', false, { x: NaN }),
  fails('nil < 1', 'invalid operation: < (mismatched types unknown and int)'), fails('"a" < 1', 'mismatched types string and int'),
  fails('true > false', 'invalid operation: >'), fails('[1] < [2]', 'invalid operation: <'),
];

export const logic: Row[] = [
  ok('true && false', false), ok('true and true', true), ok('false || true', true), ok('false or false', false),
  ok('!true', false), ok('not false', true), ok('!!true', true), ok('not not true', true),
  ok('true || false && false', true), ok('(true || false) && false', false), ok('not true == false', true), ok('!true || true', true),
  fails('false && nothing.x > 0', 'type nil has no field x', { nothing: null }), ok('false && m.none.x > 0', false, { m: {} }),
  fails('true || (1 / "x") > 0', 'mismatched types int and string'), ok('true || (1 / m.s) > 0', true, { m: { s: 'x' } }),
  fails('false && (1 + "a")', 'mismatched types int and string'),
  fails('1 && true', 'invalid operation: &&'), fails('true && 1', 'invalid operation: &&'), fails('nil || true', 'invalid operation: ||'),
  fails('!1', 'invalid operation: !'), fails('not nil', 'invalid operation: !'),
  ok('true ? 1 : 2', 1n), ok('false ? 1 : 2', 2n), ok('1 > 2 ? "a" : "b"', 'b'), ok('true ? false ? 1 : 2 : 3', 2n),
  ok('false ? 1 : true ? 2 : 3', 2n), ok('x > 0 ? x : -x', 5n, { x: -5n }), fails('true ? 1 : 1 / "x"', 'mismatched types int and string'), ok('true ? 1 : 1 / m.s', 1n, { m: { s: 'x' } }),
  fails('1 ? 2 : 3', 'non-bool expression (type int) used as condition'), fails('nil ? 1 : 2', 'non-bool expression'),
  ok('nil ?? 1', 1n), ok('2 ?? 1', 2n), ok('false ?? true', false), ok('x ?? "d"', 'd', { x: null }), ok('x ?? "d"', 'd', { x: undefined }),
  ok('nil ?? nil ?? 3', 3n), ok('(nil ?? 2) + 1', 3n), fails('nil ?? 2 + 1', 'cannot be mixed'),
];

export const membership: Row[] = [
  ok('user.Name', 'John', { user }), ok('user["Name"]', 'John', { user }), ok('user.Address.City', 'Paris', { user }),
  ok('user.Missing', null, { user }), ok('user.Nothing', null, { user }), ok('user.Tags[1]', 'b', { user }), ok('user.Tags[-1]', 'b', { user }),
  ok('user?.Name', 'John', { user }), ok('user?.Missing?.City', null, { user }), fails('nothing?.Name', 'type nil has no field Name', { nothing: null }),
  ok('user.Nothing?.a.b.c', null, { user }), ok('user.Nothing?.[0]', null, { user }), fails('user.Nothing?.a[0]', 'cannot fetch 0 from nil', { user }),
  ok('user.Nothing?.x ?? "Anonymous"', 'Anonymous', { user }), ok('user?.Name ?? "Anonymous"', 'John', { user }),
  fails('user.Nothing.x', 'cannot fetch x from nil', { user }), fails('nothing.Name', 'type nil has no field Name', { nothing: null }),
  fails('nothing[0]', 'type unknown[int] is undefined', { nothing: null }),
  ok('array[0]', 1n, { array: [1n, 2n, 3n] }), ok('array[-1]', 3n, { array: [1n, 2n, 3n] }), fails('array[1.7]', 'array elements can only be selected using an integer (got float64)', { array: [1n, 2n, 3n] }),
  fails('array[3]', 'index out of range: 3 (array length is 3)', { array: [1n, 2n, 3n] }), fails('array[-4]', 'index out of range', { array: [1n, 2n, 3n] }),
  fails('array["a"]', 'array elements can only be selected using an integer (got string)', { array: [1n] }), fails('array.foo', 'array elements can only be selected using an integer (got string)', { array: [1n] }),
  fails('m[1]', 'cannot use int to get an element from map[string]interface {}', { m: { a: 1 } }), fails('(1).a', 'type int has no field a'), fails('(true)[0]', 'type bool[int] is undefined'), fails('true[0]', 'unexpected token "["'),
  ok('m.constructor', null, { m: {} }), ok('m.__proto__', null, { m: {} }), ok('m["toString"]', null, { m: {} }),
  ok('m.not', 1, { m: { not: 1 } }), ok('m.in', 2, { m: { in: 2 } }),
  ok('"John" in ["John", "Jane"]', true), ok('"Bob" in ["John", "Jane"]', false), ok('1 in [1.0, 2.0]', true), ok('nil in [nil]', true),
  ok('"name" in {"name": "John", "age": 30}', true), ok('"x" in {"name": "John"}', false), ok('"toString" in m', false, { m: {} }),
  fails('1 in nil', 'mismatched types int and unknown'), ok('1 in m.none', false, { m: {} }), ok('"Bob" not in ["John"]', true), ok('2 not in [1, 2]', false),
  fails('1 in {a: 1}', 'cannot use int as type string in map key'), fails('"a" in "abc"', 'invalid operation: in (mismatched types string and string)'), fails('1 in 1', 'invalid operation: in (mismatched types int and int)'),
  ok('[1, 2, 3][0]', 1n), ok('{a: {b: 2}}.a.b', 2n), ok('[[1, 2], [3]][1][0]', 3n), ok('$env.x', 5n, { x: 5n }), ok('$env["x y"]', 1n, { 'x y': 1n }),
  ok('"x" in $env', true, { x: 1 }), ok('"y" in $env', false, { x: 1 }),
];

export const slices: Row[] = [
  ok('array[1:4]', [2n, 3n, 4n], { array: [1n, 2n, 3n, 4n, 5n] }), ok('array[1:-1]', [2n, 3n, 4n], { array: [1n, 2n, 3n, 4n, 5n] }),
  ok('array[:3]', [1n, 2n, 3n], { array: [1n, 2n, 3n, 4n, 5n] }), ok('array[3:]', [4n, 5n], { array: [1n, 2n, 3n, 4n, 5n] }),
  ok('array[:]', [1n, 2n, 3n, 4n, 5n], { array: [1n, 2n, 3n, 4n, 5n] }), ok('array[4:2]', [], { array: [1n, 2n, 3n, 4n, 5n] }),
  ok('array[-10:2]', [1n, 2n], { array: [1n, 2n, 3n, 4n, 5n] }), ok('array[2:100]', [3n, 4n, 5n], { array: [1n, 2n, 3n, 4n, 5n] }),
  ok('array[1:4] == [2, 3, 4]', true, { array: [1n, 2n, 3n, 4n, 5n] }), ok('[1, 2, 3][1:][0]', 2n),
  fails('x[1:2]', 'cannot slice unknown', { x: null }), fails('{a: 1}[0:1]', 'cannot slice map'), fails('(1)[0:1]', 'cannot slice int'),
];

export const ranges: Row[] = [
  ok('1..3', [1n, 2n, 3n]), ok('1..3 == [1, 2, 3]', true), ok('3..1', []), ok('1..1', [1n]), ok('-2..0', [-2n, -1n, 0n]),
  ok('len(1..100)', 100n), ok('0..9 | filter(# % 3 == 0)', [0n, 3n, 6n, 9n]), ok('1 + 1..4', [2n, 3n, 4n]),
  fails('1.5..3', 'invalid operation: ..'), fails('"a"..3', 'invalid operation: ..'),
  fails('1..100000000000', 'more than the limit'),
];

export const predicates: Row[] = [
  ok('all([1, 2, 3], {# > 0})', true), ok('all([1, 2, 3], {# > 1})', false), ok('all([], {# > 1})', true),
  ok('any([1, 2, 3], {# > 2})', true), ok('any([1, 2, 3], {# > 3})', false), ok('any([], {# > 0})', false),
  ok('none([1, 2, 3], {# > 3})', true), ok('none([1, 2, 3], {# == 2})', false), ok('none([], {# > 0})', true),
  ok('one([1, 2, 3], {# == 2})', true), ok('one([1, 2, 2], {# == 2})', false), ok('one([], {# > 0})', false),
  ok('filter(0..9, {# % 2 == 0})', [0n, 2n, 4n, 6n, 8n]), ok('filter([1, 2, 3], # > 1)', [2n, 3n]), ok('filter([], true)', []),
  ok('map([1, 2, 3], {# * 2})', [2n, 4n, 6n]), ok('map([1, 2], # * 1.5)', [1.5, 3]), ok('map([1, 2], {#index})', [0n, 1n]),
  ok('count([1, 2, 3], {# > 1})', 2n), ok('count([], # > 1)', 0n), ok('count([true, false, true])', 2n),
  ok('all(tweets, {.Size < 280})', false, { tweets }), ok('any(tweets, {.Size > 280})', true, { tweets }),
  ok('filter(tweets, {len(.Content) > 240}) | map(.Size)', [300], { tweets }), ok('filter(tweets, len(.Content) > 240)[0].Size', 300, { tweets }),
  ok('map(tweets, #.Size)', [100, 300], { tweets }), ok('map(users, .Name)', ['a', 'b'], { users: [{ Name: 'a' }, { Name: 'b' }] }),
  ok('filter(users, .Name startsWith "J") | map(.Name)', ['Jo'], { users: [{ Name: 'Jo' }, { Name: 'Al' }] }),
  ok('all([[1, 2], [3]], {all(#, {# > 0})})', true), ok('map([[1, 2], [3]], {len(#)})', [2n, 1n]),
  ok('find([1, 2, 3, 4], # > 2)', 3n), ok('find([1, 2], # > 5)', null), ok('findIndex([1, 2, 3, 4], # > 2)', 2n), ok('findIndex([1], # > 2)', null),
  ok('findLast([1, 2, 3, 4], # > 2)', 4n), ok('findLastIndex([1, 2, 3, 4], # > 2)', 3n),
  ok('reduce(1..9, #acc + #)', 45n), ok('reduce(1..9, #acc + #, 0)', 45n), ok('reduce([1, 2], #acc + #, 10)', 13n), ok('reduce([], #acc, 7)', 7n),
  ok('reduce(["a", "b"], #acc + # + string(#index), "")', 'a0b1'),
  ok('sum([1, 2, 3])', 6n), ok('sum([1, 2.5])', 3.5), ok('sum([])', 0n), ok('sum([1, 2, 3], # * 2)', 12n),
  ok('[1, 2, 3] | all(# > 0)', true), ok('[1, 2] | map(# + 1) | sum()', 5n),
  fails('all(1, {# > 0})', 'builtin all takes only array (got int)'), fails('all(nil, {# > 0})', 'builtin all takes only array (got unknown)'),
  fails('filter([1], {#})', 'predicate should return boolean (got int)'), fails('all([1], 1)', 'predicate should return boolean (got int)'),
  fails('reduce([], #acc)', 'reduce of empty array'), fails('sum(["a"])', 'invalid argument for sum'),
  fails('# > 1', 'cannot use pointer accessor outside predicate'), fails('.a', 'cannot use pointer accessor outside predicate'),
  fails('map([1], #foo)', 'unknown pointer #foo'), fails('all([1])', 'expected at least 2 arguments'),
];

export const builtins: Row[] = [
  ok('len([1, 2, 3])', 3n), ok('len({"name": "John", "age": 30})', 2n), ok('len("Hello")', 5n), ok('len("")', 0n), ok('len("é")', 1n), ok('len("héllo")', 5n), ok('len([])', 0n),
  fails('len(1)', 'invalid argument for len (type int)'), fails('len(nil)', 'invalid argument for len (type unknown)'),
  ok('abs(-5)', 5n), ok('abs(5)', 5n), ok('abs(-1.5)', 1.5), ok('abs(-9223372036854775807 - 1)', -9223372036854775808n), fails('abs("a")', 'invalid argument for abs'),
  ok('max(5, 7)', 7n), ok('min(5, 7)', 5n), ok('max(1, 2.5)', 2.5), ok('min(1, 2.5)', 1n), ok('max([1, 5, 3])', 5n), ok('min([3, 1], 2)', 1n),
  ok('max([1, [7, 2]])', 7n), ok('max([])', null), fails('max("a", 1)', 'invalid argument for max (type string)'), fails('max()', 'not enough arguments'),
  ok('mean([1, 2, 3])', 2), ok('mean([1, 2])', 1.5), ok('mean([])', 0), ok('median([1, 2, 3])', 2), ok('median([4, 1, 3, 2])', 2.5), ok('median([])', 0),
  ok('ceil(1.5)', 2), ok('floor(1.5)', 1), ok('round(1.5)', 2), ok('round(2.5)', 3), ok('round(-2.5)', -3), ok('round(1.4)', 1), ok('ceil(2)', 2), ok('floor(-1.5)', -2),
  ok('int(2.9)', 2n), ok('int(-2.9)', -2n), ok('int("123")', 123n), ok('int("-7")', -7n), ok('int(5)', 5n),
  fails('int("12.5")', 'invalid operation: int'), fails('int("abc")', 'invalid operation: int'), fails('int(true)', 'invalid argument for int (type bool)'),
  fails('int(x)', 'cannot convert NaN to int', { x: NaN }),
  ok('float(2)', 2), ok('float("123.45")', 123.45), ok('float("1e3")', 1000), ok('float("-Inf")', -Infinity), ok('float(1.5)', 1.5),
  fails('float("abc")', 'invalid operation: float'), fails('float(nil)', 'invalid argument for float (type unknown)'),
  ok('string(123)', '123'), ok('string(1.5)', '1.5'), ok('string(1000000.0)', '1e+06'), ok('string(123456.0)', '123456'), ok('string(0.00001)', '1e-05'),
  ok('string(0.0001)', '0.0001'), ok('string(2.0)', '2'), ok('string(true)', 'true'), ok('string(nil)', '<nil>'), ok('string([1, "a"])', '[1 a]'),
  ok('string({b: 2, a: 1})', 'map[a:1 b:2]'), ok('string("x")', 'x'), ok('string(1/0)', '+Inf'),
  ok('type(42)', 'int'), ok('type(1.5)', 'float'), ok('type("a")', 'string'), ok('type(nil)', 'nil'), ok('type([])', 'array'), ok('type({})', 'map'), ok('type(true)', 'bool'),
  ok('first([1, 2, 3])', 1n), ok('first([])', null), ok('last([1, 2, 3])', 3n), ok('last([])', null),
  ok('get([1, 2, 3], 1)', 2n), ok('get([1], 5)', null), ok('get({"name": "John"}, "name")', 'John'), ok('get({"name": "John"}, "x")', null),
  ok('keys({"name": "John", "age": 30})', ['name', 'age']), ok('values({"name": "John", "age": 30})', ['John', 30n]), ok('take([1, 2, 3, 4], 2)', [1n, 2n]),
  ok('take([1], 5)', [1n]),
  ok('trim("  Hello  ")', 'Hello'), ok('trim("__Hello__", "_")', 'Hello'), ok('trimPrefix("HelloWorld", "Hello")', 'World'), ok('trimSuffix("HelloWorld", "World")', 'Hello'),
  ok('upper("hello")', 'HELLO'), ok('lower("HELLO")', 'hello'),
  ok('split("apple,orange,grape", ",")', ['apple', 'orange', 'grape']), ok('split("apple,orange,grape", ",", 2)', ['apple', 'orange,grape']),
  ok('split("abc", "")', ['a', 'b', 'c']), ok('replace("Hello World", "World", "Universe")', 'Hello Universe'), ok('replace("aaa", "a", "b", 2)', 'bba'),
  ok('repeat("Hi", 3)', 'HiHiHi'), ok('repeat("Hi", 0)', ''), fails('repeat("Hi", -1)', 'invalid argument for repeat'), fails('repeat("ab", 10000000)', 'more than the limit'),
  ok('join(["apple", "orange", "grape"], ",")', 'apple,orange,grape'), ok('join(["apple", "orange", "grape"])', 'appleorangegrape'), fails('join([1])', 'invalid argument for join'),
  ok('indexOf("apple pie", "pie")', 6n), ok('indexOf("apple", "x")', -1n), ok('lastIndexOf("apple pie apple", "apple")', 10n), ok('indexOf("é-x", "x")', 3n),
  ok('hasPrefix("HelloWorld", "Hello")', true), ok('hasSuffix("HelloWorld", "World")', true), ok('hasSuffix("a", "b")', false),
  fails('upper(1)', 'cannot use int as argument (type string) to call upper'), fails('nosuch(1)', 'unknown func nosuch'), fails('len(1, 2)', 'too many arguments to call len'),
  fails('len()', 'not enough arguments to call len'), fails('abs()', 'not enough arguments'),
];

export const argoFunctions: Row[] = [
  ok('asInt("42")', 42n), ok('asInt("-3")', -3n), ok('asInt(4.9)', 4n), ok('asInt(7)', 7n), fails('asInt("4.5")', 'asInt(): cannot parse'),
  fails('asInt(true)', 'asInt() not supported on bool'), fails('asInt(nil)', 'asInt() not supported on nil'),
  ok('asFloat("0.95")', 0.95), ok('asFloat("1e2")', 100), ok('asFloat(3)', 3), ok('asFloat(2.5)', 2.5), fails('asFloat("abc")', 'asFloat(): cannot parse'),
  fails('asFloat([1])', 'asFloat() not supported on array'),
  ok('isNaN(x)', true, { x: NaN }), ok('isNaN(1.5)', false), ok('isNaN(1)', false), fails('isNaN("a")', 'cannot use string as argument (type float64) to call isNaN'),
  ok('isInf(1/0)', true), ok('isInf(-1/0)', true), ok('isInf(1.0)', false), ok('isInf(x)', false, { x: NaN }),
  ok('isNil(result)', true, { result: null }), ok('isNil(result)', false, { result: 0.5 }), ok('isNil(1)', true, { result: null }),
  ok('default(result, 0)', 0n, { result: null }), ok('default(result, 0)', 0.5, { result: 0.5 }), ok('default(result, 0) < 0.05', true, { result: undefined }),
  ok('default(nil, 5)', 0.2, { result: 0.2 }), fails('default(result)', 'not enough arguments to call default'),
];

export const syntax: Row[] = [
  fails('1 +', 'unexpected end of expression'), fails('(1 + 2', 'unexpected end of expression'), fails('1 + 2)', 'unexpected token ")"'),
  fails('[1, 2', 'unexpected end of expression'), fails('{a 1}', 'unexpected token'), fails('a.', 'expected name'), fails('a.1', 'unexpected token ".1"'), fails('a.+', 'expected name'),
  fails('1 2', 'unexpected token "2"'), fails('', 'unexpected end of expression'), fails('true ? 1', 'unexpected end of expression'),
  fails('1 not 2', 'unexpected token "2"'), fails('a not == b', 'unexpected token "=="'), fails('user.Name()', 'method calls are not supported', { user }),
  fails('let x = 1 x', 'unexpected token "x"'), fails('x = 1', 'unexpected token "="'), fails('1 & 2', 'unexpected token "&"'),
  fails('undefinedName', 'unknown name undefinedName'),
  ok('let x = 42; x * 2', 84n), ok('let x = 2; let y = 3; x * y', 6n), ok('let name = user.Name; "Hello, " + name + "!"', 'Hello, John!', { user }),
  ok('(((((1)))))', 1n), ok('  1\n+\t2  ', 3n), ok('user.Age > 18 and user.Name != ""', true, { user }),
];

export const regex: Row[] = [
  ok('"abc" matches "b"', true), ok('"abc" matches "^b"', false), ok('"abc" matches "^a.c$"', true), ok('"ABC" matches "(?i)abc"', true),
  ok('"a1" matches "\\\\d"', true), ok('"ab" matches "\\\\d"', false), ok('"foo-123" matches "^[a-z]+-[0-9]{3}$"', true), ok('"foo-12" matches "^[a-z]+-[0-9]{3}$"', false),
  ok('"x" not matches "y"', true), ok('version matches "^v1\\\\."', true, { version: 'v1.2.3' }), ok('s matches p', true, { s: 'hello', p: 'l+' }),
  fails('"a" matches "("', 'error parsing regexp'), fails('"a" matches "a**"', 'invalid nested repetition operator'), fails('"a" matches "(?=a)"', 'invalid or unsupported Perl syntax'),
  fails('"a" matches "(a)\\\\1"', 'invalid escape sequence'), fails('s matches p', 'error parsing regexp', { s: 'a', p: '[' }), fails('1 matches "a"', 'invalid operation: matches'),
];

export const allRows: Row[] = [
  ...literals, ...arithmetic, ...strings, ...comparison, ...logic, ...membership, ...slices, ...ranges, ...predicates, ...builtins,
  ...argoFunctions, ...syntax, ...regex,
];
