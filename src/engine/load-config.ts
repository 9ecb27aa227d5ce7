import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { config as configSchema, type Config } from '../../schemas/index.js';
import { ConfigError, ConfigLimitError } from '../errors.js';
import { parserMessage } from '../state/safe-text.js';

/** The largest config file read (a real one is a few kilobytes). */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Aliases one config may expand; a few are normal, thousands are a "billion laughs" bomb. */
export const MAX_CONFIG_ALIASES = 100;
/** Keys that would reach an object's prototype: refused wherever they appear, like any unknown key. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface LoadedConfig {
  config: Config;
  path: string;
  /** Relative paths in the config resolve against this folder. */
  dir: string;
}

type Path = readonly PropertyKey[];

/** The 1-based line of a YAML path, or of its nearest existing parent. */
const lineOf = (doc: Document, counter: LineCounter, path: Path): number | null => {
  for (let n = path.length; n >= 0; n--) {
    const keys = path.slice(0, n).map((k) => (typeof k === 'symbol' ? String(k) : k));
    const node = n === 0 ? doc.contents : doc.getIn(keys, true);
    if (node !== null && typeof node === 'object' && 'range' in node) {
      const range: unknown = node.range;
      if (Array.isArray(range) && typeof range[0] === 'number') return counter.linePos(range[0]).line;
    }
    // A map key with a scalar value: look up the pair's key position.
    const parent = n === 0 ? null : doc.getIn(keys.slice(0, -1), true);
    if ((isMap(parent) || isSeq(parent)) && parent.range) {
      const pos = parent.range[0];
      if (n === path.length) return counter.linePos(pos).line;
    }
  }
  return null;
};

const dotted = (path: Path): string =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');

interface FlatIssue {
  path: Path;
  message: string;
}

/**
 * A union that matched no branch says only "Invalid input"; the branch with the fewest problems is the one the admin
 * meant (a Workday `username` block with an inline password is a username block, not a broken `oauth` one).
 */
const flatten = (issues: readonly z.core.$ZodIssue[], base: Path = []): FlatIssue[] =>
  issues.flatMap((i): FlatIssue[] => {
    const path = [...base, ...i.path];
    // A union with its own message (secrets) already says what is wrong.
    const unexplained = i.code === 'invalid_union' && i.errors.length > 0 && i.message === 'Invalid input';
    if (!unexplained) return [{ path, message: i.message }];
    const branches = i.errors.map((b) => flatten(b, path));
    const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
    return best.length > 0 ? best : [{ path, message: i.message }];
  });

/** Turns zod issues into one ConfigError that names the file, line and config path of each problem. */
export const configErrorFrom = (
  file: string,
  error: z.ZodError,
  locate: (path: Path) => number | null,
  prefix: Path = [],
): ConfigError => {
  const lines = flatten(error.issues).map((i) => {
    const full = [...prefix, ...i.path];
    const line = locate(full);
    // Keys and values of the file are quoted escaped and short (a hostile key cannot drive the terminal).
    return (
      `${file}${line === null ? '' : `:${line}`}: ` +
      `${parserMessage(`${dotted(full) || '(top level)'}: ${i.message}`, 200)}`
    );
  });
  const first = lines[0] ?? `${file}: invalid config`;
  const more = lines.length > 6 ? `; and ${lines.length - 6} more` : '';
  return new ConfigError(
    lines.length === 1 ? first : `${first} (and ${lines.length - 1} more: ${lines.slice(1, 6).join('; ')}${more})`,
    {
      where: first.split(': ')[0],
    },
  );
};

export interface ConfigSource {
  text: string;
  path: string;
}

const tooLarge = (path: string): ConfigLimitError =>
  new ConfigLimitError(`${path}: the config file is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB; refused`, {
    where: path,
  });

/** The first map key anywhere in the document that is a reserved name, with its line. */
const reservedKey = (doc: Document, counter: LineCounter): { key: string; line: number } | null => {
  let found: { key: string; line: number } | null = null;
  visit(doc, {
    Pair: (_, pair) => {
      const key = pair.key;
      if (!isScalar(key) || !RESERVED_KEYS.has(String(key.value))) return undefined;
      found = { key: String(key.value), line: key.range ? counter.linePos(key.range[0]).line : 1 };
      return visit.BREAK;
    },
  });
  return found;
};

/** The text of UTF-8 bytes; invalid UTF-8 is refused naming its line. */
const decodeUtf8 = (bytes: Buffer, path: string): string => {
  const fatal = new TextDecoder('utf-8', { fatal: true });
  try {
    return fatal.decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      try {
        fatal.decode(bytes.subarray(start, i));
      } catch {
        break;
      }
      line++;
      start = i + 1;
    }
    throw new ConfigError(`${path}:${line}: the config is not valid UTF-8`, { where: `${path}:${line}` });
  }
};

/** Reads at most MAX_CONFIG_BYTES + 1 bytes, so a huge file (or a device that never ends) is refused quickly. */
const readBounded = (path: string): Buffer => {
  const fd = openSync(path, 'r');
  try {
    if (!fstatSync(fd).isFile()) throw new ConfigError(`${path} is not a regular file`, { where: path });
    const buf = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > MAX_CONFIG_BYTES) throw tooLarge(path);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
};

/** Parses and validates a config text. Errors name the file, the line and the path. */
export const parseConfigText = (source: ConfigSource): LoadedConfig & { locate: (path: Path) => number | null } => {
  if (source.text.length > MAX_CONFIG_BYTES) throw tooLarge(source.path);
  const counter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: counter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e?.linePos?.[0]?.line;
    throw new ConfigError(
      `${source.path}${line ? `:${line}` : ''}: YAML: ${e?.message.split('\n')[0] ?? 'cannot parse'}`,
      { where: source.path },
    );
  }
  const reserved = reservedKey(doc, counter);
  if (reserved)
    throw new ConfigError(`${source.path}:${reserved.line}: unrecognized key "${reserved.key}" (not a config key)`, {
      where: `${source.path}:${reserved.line}`,
    });
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_CONFIG_ALIASES });
  } catch (e) {
    // yaml throws a ReferenceError when the aliases would expand beyond the count.
    throw new ConfigLimitError(`${source.path}: YAML aliases expand beyond ${MAX_CONFIG_ALIASES} nodes; refused`, {
      where: source.path,
      cause: e,
    });
  }
  const locate = (path: Path) => lineOf(doc, counter, path);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw configErrorFrom(source.path, parsed.error, locate);
  return { config: parsed.data, path: source.path, dir: dirname(resolve(source.path)), locate };
};

export const loadConfigFile = (path: string): LoadedConfig & { locate: (path: Path) => number | null } => {
  let bytes: Buffer;
  try {
    bytes = readBounded(path);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof ConfigLimitError) throw e;
    throw new ConfigError(`cannot read the config file ${path}: ${e instanceof Error ? e.message : String(e)}`, {
      where: path,
      hint: 'Create one with `fluencyflow init`, or pass --config <file>.',
      cause: e,
    });
  }
  return parseConfigText({ text: decodeUtf8(bytes, path), path });
};
