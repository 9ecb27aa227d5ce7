import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { config as configSchema, type Config } from '../../schemas/index.js';
import { ConfigError } from '../errors.js';

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

const dotted = (path: Path): string => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');

/** Turns zod issues into one ConfigError that names the file, line and config path of each problem. */
export const configErrorFrom = (file: string, error: z.ZodError, locate: (path: Path) => number | null, prefix: Path = []): ConfigError => {
  const lines = error.issues.map((i) => {
    const full = [...prefix, ...i.path];
    const line = locate(full);
    return `${file}${line === null ? '' : `:${line}`}: ${dotted(full) || '(top level)'}: ${i.message}`;
  });
  const first = lines[0] ?? `${file}: invalid config`;
  return new ConfigError(lines.length === 1 ? first : `${first} (and ${lines.length - 1} more: ${lines.slice(1).join('; ')})`, {
    where: first.split(': ')[0],
  });
};

export interface ConfigSource {
  text: string;
  path: string;
}

/** Parses and validates a config text. Errors name the file, the line and the path. */
export const parseConfigText = (source: ConfigSource): LoadedConfig & { locate: (path: Path) => number | null } => {
  const counter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: counter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e?.linePos?.[0]?.line;
    throw new ConfigError(`${source.path}${line ? `:${line}` : ''}: YAML: ${e?.message.split('\n')[0] ?? 'cannot parse'}`, { where: source.path });
  }
  const raw: unknown = doc.toJS();
  const locate = (path: Path) => lineOf(doc, counter, path);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw configErrorFrom(source.path, parsed.error, locate);
  return { config: parsed.data, path: source.path, dir: dirname(resolve(source.path)), locate };
};

export const loadConfigFile = (path: string): LoadedConfig & { locate: (path: Path) => number | null } => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read the config file ${path}: ${e instanceof Error ? e.message : String(e)}`, {
      where: path,
      hint: 'Create one with `fluencyflow init`, or pass --config <file>.',
      cause: e,
    });
  }
  return parseConfigText({ text, path });
};
