/**
 * SQLite-style parameters (`?` in order, or `@name` from one object) rewritten as PostgreSQL's `$1, $2, ...`, with
 * the values in that order. Quoted strings, quoted names and `--` comments are left alone.
 */
export interface PgQuery {
  text: string;
  values: unknown[];
}

type Slot = { kind: 'positional' } | { kind: 'named'; name: string };

interface Compiled {
  text: string;
  slots: Slot[];
}

const compile = (sql: string): Compiled => {
  let text = '';
  const slots: Slot[] = [];
  const named = new Map<string, number>();
  let i = 0;
  while (i < sql.length) {
    const ch = sql.charAt(i);
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      text += sql.slice(i, stop);
      i = stop;
    } else if (ch === '-' && sql.charAt(i + 1) === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      text += sql.slice(i, stop);
      i = stop;
    } else if (ch === '?') {
      slots.push({ kind: 'positional' });
      text += `$${slots.length}`;
      i++;
    } else if (ch === '@' && /[A-Za-z_]/.test(sql.charAt(i + 1))) {
      const name = /^[A-Za-z_]\w*/.exec(sql.slice(i + 1))?.[0] ?? '';
      let n = named.get(name);
      if (n === undefined) {
        slots.push({ kind: 'named', name });
        n = slots.length;
        named.set(name, n);
      }
      text += `$${n}`;
      i += 1 + name.length;
    } else {
      text += ch;
      i++;
    }
  }
  return { text, slots };
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/** Binds the parameters one statement was called with (better-sqlite3's calling convention). */
export const bindFor = (sql: string): ((params: readonly unknown[]) => PgQuery) => {
  const { text, slots } = compile(sql);
  return (params) => {
    const object = params.length === 1 && isRecord(params[0]) ? params[0] : null;
    let next = 0;
    const values = slots.map((s) => {
      const v = s.kind === 'named' ? object?.[s.name] : params[next++];
      return v === undefined ? null : v;
    });
    return { text, values };
  };
};
