/**
 * The files of the Dockerfile's last stage, put in a folder as `docker build` would, without a Docker engine.
 *
 * Each COPY of the last stage is followed: from the build context (this repository; a source that .dockerignore
 * names is an error, the image would lack it), from the stage that runs `npm run build` (its output is this
 * repository's dist/, which the suite's global setup keeps current) and from the stage that runs
 * `npm ci --omit=dev` (its node_modules: the packages package-lock.json does not mark `dev`, copied from this
 * repository's node_modules). A runtime dependency listed under devDependencies is then missing, as in the image.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { statSync, symlinkSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import { z } from 'zod';
import { instructionsOf, lastOf, runCommands, type DockerStage } from './dockerfile.js';

const lockFile = z.object({
  packages: z.record(z.string(), z.object({ dev: z.boolean().optional(), optional: z.boolean().optional() })),
});

/**
 * Puts `from` (a file or a folder, recursively) at `to`, leaving out the paths `skip` names. Files are hard links
 * when the temp folder is on the same file system (copying 150 MB of node_modules, and deleting it after, takes
 * tens of seconds on a busy disk), copies otherwise. The files run read-only, so a link is as good as a copy.
 */
const place = (from: string, to: string, skip: (path: string) => boolean = () => false): void => {
  if (skip(from)) return;
  const s = statSync(from);
  if (s.isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const e of readdirSync(from, { withFileTypes: true })) {
      const src = join(from, e.name);
      if (e.isSymbolicLink()) symlinkSync(readlinkSync(src), join(to, e.name));
      else place(src, join(to, e.name), skip);
    }
    return;
  }
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
};

/** Whether a stage runs a command that starts with these words (and has these flags among the rest). */
export const stageRuns = (stage: DockerStage, words: string[], flags: string[] = []): boolean =>
  instructionsOf(stage, 'RUN').some((run) =>
    runCommands(run).some((c) => words.every((w, i) => c[i] === w) && flags.every((f) => c.includes(f))),
  );

/** `npm ci --omit=dev`, offline, into the folder `modules`: the lockfile's non-dev packages from `repo`. */
const productionModules = (repo: string, modules: string): void => {
  const lock = lockFile.parse(JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')));
  for (const [key, meta] of Object.entries(lock.packages)) {
    if (!key.startsWith('node_modules/') || meta.dev === true) continue;
    const from = join(repo, key);
    if (!existsSync(from)) {
      // An optional dependency for another platform is not installed here, nor would it be in the image.
      if (meta.optional === true) continue;
      throw new Error(`${key} is a production dependency in package-lock.json but not installed: run npm ci`);
    }
    // A package's own node_modules holds the lockfile's nested entries, each copied (or left out) on its own.
    const nested = join(from, 'node_modules');
    place(from, join(modules, key.slice('node_modules/'.length)), (src) => src === nested);
  }
};

/** The .dockerignore lines without wildcards (folders and files left out of the build context by name). */
const ignoredByName = (repo: string): Set<string> => {
  const path = join(repo, '.dockerignore');
  if (!existsSync(path)) return new Set();
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim());
  return new Set(
    lines.filter((l) => l !== '' && !l.startsWith('#') && !/[*?[!]/.test(l)).map((l) => l.replace(/\/$/, '')),
  );
};

/**
 * Copies the last stage's files from `repo` into `into`, which stands for the stage's WORKDIR; returns that WORKDIR
 * (the image path `into` stands for). Fails on a COPY it cannot reproduce, rather than guessing.
 */
export const assembleFinalStage = (stages: DockerStage[], repo: string, into: string): string => {
  const final = stages.at(-1);
  const workdir = final ? lastOf(final, 'WORKDIR')?.args[0] : undefined;
  if (!final || workdir === undefined) throw new Error('the last stage has no WORKDIR');
  const builder = stages.find((s) => stageRuns(s, ['npm', 'run', 'build']));
  const deps = stages.find((s) => stageRuns(s, ['npm', 'ci'], ['--omit=dev']));
  const ignored = ignoredByName(repo);
  const hostPath = (imagePath: string): string => {
    const abs = posix.resolve(workdir, imagePath);
    if (abs !== workdir && !abs.startsWith(`${workdir}/`)) throw new Error(`COPY to ${abs}, outside ${workdir}`);
    return join(into, posix.relative(workdir, abs));
  };
  for (const copy of instructionsOf(final, 'COPY')) {
    const args = [...copy.args];
    const dest = args.pop() ?? '';
    const from = copy.flags.get('from') ?? null;
    const stage = from === null ? null : stages.find((s) => s.name === from);
    const stageDir = stage ? lastOf(stage, 'WORKDIR')?.args[0] : undefined;
    for (const src of args) {
      let source: string;
      if (from === null) {
        if (ignored.has(src.split('/')[0] ?? ''))
          throw new Error(`COPY ${src} (line ${copy.line}): .dockerignore drops it`);
        source = join(repo, src);
      } else if (stage === builder && stageDir !== undefined && src === `${stageDir}/dist`) source = join(repo, 'dist');
      else if (stage === deps && stageDir !== undefined && src === `${stageDir}/node_modules`) {
        productionModules(repo, hostPath(dest));
        continue;
      } else throw new Error(`COPY --from=${from} ${src} (line ${copy.line}): not reproduced by this test`);
      const target =
        dest.endsWith('/') && statSync(source).isFile() ? join(hostPath(dest), basename(src)) : hostPath(dest);
      place(source, target);
    }
  }
  return workdir;
};
