/**
 * The slice of OData v2 `$filter` the sandbox understands: `eq ne gt ge lt le`, SuccessFactors' `in`, `and`, `or`,
 * parentheses; literals '…', numbers, `datetime'…'`, `datetimeoffset'…'`. Anything else is a 400, as a real tenant
 * answers a filter it cannot run.
 */
type FilterValue = string | number;
export type FilterNode =
  | { kind: 'bool'; op: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'cmp'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; field: string; value: FilterValue }
  | { kind: 'in'; field: string; values: FilterValue[] };

export class FilterSyntaxError extends Error {}

type Token = { t: 'id' | 'str' | 'num' | 'date' | 'punct'; v: string };

const tokenize = (src: string): Token[] => {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      out.push({ t: 'punct', v: c });
      i++;
      continue;
    }
    const dateMatch = /^(datetimeoffset|datetime)'([^']*)'/.exec(src.slice(i));
    if (dateMatch) {
      const [whole, kind = '', body = ''] = dateMatch;
      const ok =
        kind === 'datetime'
          ? /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(body)
          : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(body);
      if (!ok) throw new FilterSyntaxError(`invalid ${kind} literal: ${kind}'${body}'`);
      const ms = Date.parse(kind === 'datetime' ? `${body}Z` : body);
      if (Number.isNaN(ms)) throw new FilterSyntaxError(`invalid ${kind} literal: ${kind}'${body}'`);
      out.push({ t: 'date', v: String(ms) });
      i += whole.length;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= src.length) throw new FilterSyntaxError('unterminated string literal');
        const ch = src.charAt(j);
        if (ch === "'") {
          if (src.charAt(j + 1) === "'") {
            s += "'";
            j += 2;
            continue;
          }
          break;
        }
        s += ch;
        j++;
      }
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?[LlMmDd]?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0].replace(/[LlMmDd]$/, '') });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][\w/]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    throw new FilterSyntaxError(`unexpected character '${c}'`);
  }
  return out;
};

const CMP = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

export const parseFilter = (src: string): FilterNode => {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = (): Token => {
    const t = tokens[pos++];
    if (!t) throw new FilterSyntaxError('unexpected end of $filter');
    return t;
  };
  const literal = (): FilterValue => {
    const t = next();
    if (t.t === 'str') return t.v;
    if (t.t === 'num' || t.t === 'date') return Number(t.v);
    throw new FilterSyntaxError(`expected a literal, found '${t.v}'`);
  };
  const primary = (): FilterNode => {
    const t = next();
    if (t.t === 'punct' && t.v === '(') {
      const inner = orExpr();
      const close = next();
      if (close.v !== ')') throw new FilterSyntaxError("expected ')'");
      return inner;
    }
    if (t.t !== 'id') throw new FilterSyntaxError(`expected a property, found '${t.v}'`);
    const op = next();
    if (op.t !== 'id') throw new FilterSyntaxError(`expected an operator after ${t.v}`);
    if (op.v === 'in') {
      const values = [literal()];
      while (peek()?.v === ',') {
        pos++;
        values.push(literal());
      }
      return { kind: 'in', field: t.v, values };
    }
    if (!CMP.has(op.v)) throw new FilterSyntaxError(`unsupported operator or function '${op.v}'`);
    const cmpOp = op.v === 'eq' || op.v === 'ne' || op.v === 'gt' || op.v === 'ge' || op.v === 'lt' ? op.v : 'le';
    return { kind: 'cmp', op: cmpOp, field: t.v, value: literal() };
  };
  const andExpr = (): FilterNode => {
    let left = primary();
    while (peek()?.t === 'id' && peek()?.v === 'and') {
      pos++;
      left = { kind: 'bool', op: 'and', left, right: primary() };
    }
    return left;
  };
  const orExpr = (): FilterNode => {
    let left = andExpr();
    while (peek()?.t === 'id' && peek()?.v === 'or') {
      pos++;
      left = { kind: 'bool', op: 'or', left, right: andExpr() };
    }
    return left;
  };
  const tree = orExpr();
  if (pos !== tokens.length) throw new FilterSyntaxError(`unexpected '${tokens[pos]?.v ?? ''}'`);
  return tree;
};

export const filterFields = (node: FilterNode): string[] =>
  node.kind === 'bool' ? [...filterFields(node.left), ...filterFields(node.right)] : [node.field];

/** `/Date(ms)/` values compare as milliseconds; everything else as written. */
const comparable = (v: unknown): FilterValue | null => {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return null;
  const m = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(v);
  return m ? Number(m[1]) : v;
};

export const matches = (node: FilterNode, row: Readonly<Record<string, unknown>>): boolean => {
  if (node.kind === 'bool')
    return node.op === 'and'
      ? matches(node.left, row) && matches(node.right, row)
      : matches(node.left, row) || matches(node.right, row);
  const actual = comparable(row[node.field]);
  if (node.kind === 'in') return actual !== null && node.values.some((v) => String(v) === String(actual));
  if (actual === null) return node.op === 'ne';
  const a =
    typeof node.value === 'number' && typeof actual === 'string' && /^-?\d+$/.test(actual) ? Number(actual) : actual;
  const b = node.value;
  switch (node.op) {
    case 'eq':
      return String(a) === String(b);
    case 'ne':
      return String(a) !== String(b);
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
  }
};
