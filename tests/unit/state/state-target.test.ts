import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { config, type Config } from '../../../schemas/index.js';
import { stateTarget } from '../../../src/engine/state-target.js';
import { bindFor } from '../../../src/state/sql-params.js';
import { baseConfigInput } from '../../helpers/config.js';

const SECRET = 'pg-secret-5e1f';
const base = baseConfigInput();
const withState = (over: Record<string, unknown>): Config => config.parse({ ...base, ...over });

describe('where the state store is', () => {
  it('a path is a SQLite file beside the config; a postgres URL takes its password from the secret', () => {
    expect(stateTarget(withState({ state: 'st/state.db' }), '/etc/ff')).toBe(join('/etc/ff', 'st', 'state.db'));
    const url = 'postgres://ff@db.internal:5433/fluency';
    expect(stateTarget(withState({ state: url, statePassword: { env: 'PGPW' } }), '/etc/ff', { PGPW: SECRET })).toEqual(
      { url, password: SECRET },
    );
    const dir = mkdtempSync(join(tmpdir(), 'ff-target-'));
    writeFileSync(join(dir, 'pw'), `${SECRET}\n`);
    expect(stateTarget(withState({ state: url, statePassword: { file: 'pw' } }), dir)).toEqual({
      url,
      password: SECRET,
    });
    expect(stateTarget(withState({ state: url }), dir)).toEqual({ url, password: null });
  });

  it('refuses a password inside the URL without echoing it, an inline statePassword, a URL without a database', () => {
    const inUrl = () => stateTarget(withState({ state: `postgres://ff:${SECRET}@db/fluency` }), '/');
    expect(inUrl).toThrow(/state: the PostgreSQL URL holds a password; a secret is never written inline/);
    try {
      inUrl();
    } catch (e) {
      expect(String(e instanceof Error ? e.message : e)).not.toContain(SECRET);
    }
    expect(config.safeParse({ ...base, state: 'postgres://ff@db/x', statePassword: SECRET }).success).toBe(false);
    expect(() => stateTarget(withState({ state: 'postgres://ff@db' }), '/')).toThrow(/names no user or no database/);
    expect(() =>
      stateTarget(withState({ state: 'postgres://ff@db/x', statePassword: { env: 'NOPE' } }), '/', {}),
    ).toThrow(/NOPE is not set/);
  });
});

describe('SQLite parameters on PostgreSQL', () => {
  it('numbers ? in order and @names once each, leaving quoted text and comments alone', () => {
    const q = bindFor('SELECT \'?\', "a?" FROM t -- why?\n WHERE a = ? AND b = ?')([1, undefined]);
    expect(q).toEqual({ text: 'SELECT \'?\', "a?" FROM t -- why?\n WHERE a = $1 AND b = $2', values: [1, null] });
    const named = bindFor('INSERT INTO t (a, b, c) VALUES (@a, @b, @a)')([{ b: 'x', a: 2 }]);
    expect(named).toEqual({ text: 'INSERT INTO t (a, b, c) VALUES ($1, $2, $1)', values: [2, 'x'] });
  });
});
