/**
 * The Dockerfile says what issue 14 asks of the image: Node 20 or 22, production dependencies only, a non-root
 * user, the CLI as entry point, `serve` by default with its port exposed and its liveness probe as HEALTHCHECK.
 * There is no Docker engine here; tests/e2e/image-contents.test.ts runs the stage's files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repoRoot } from '../helpers/cli.js';
import { instructionsOf, lastOf, readDockerfile, type DockerStage } from '../helpers/dockerfile.js';
import { stageRuns } from '../helpers/image-files.js';

const stages = readDockerfile(join(repoRoot, 'Dockerfile'));
const final: DockerStage = stages.at(-1) ?? { name: null, image: '', instructions: [] };

/** The value after an option (`--port 8080`) in an argument list. */
const option = (args: string[], name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;

describe('Dockerfile: the image', () => {
  it('starts from Node 20 or 22 (what package.json engines allows), in every stage', () => {
    expect(stages.length).toBeGreaterThan(1);
    for (const s of stages) expect(s.image, s.name ?? 'final').toMatch(/^node:(20|22)([.-][\w.-]+)?$/);
  });

  it('runs as a user that is not root', () => {
    const user = lastOf(final, 'USER')?.args[0] ?? 'root';
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
    // Nothing after USER runs as root again.
    const after = final.instructions.slice(final.instructions.findIndex((i) => i.keyword === 'USER'));
    expect(after.filter((i) => i.keyword === 'RUN')).toEqual([]);
  });

  it('has the CLI as its entry point (exec form: SIGTERM reaches node, which lets the run finish)', () => {
    const entry = lastOf(final, 'ENTRYPOINT');
    expect(entry?.exec).toBe(true);
    const workdir = lastOf(final, 'WORKDIR')?.args[0];
    expect(entry?.args).toEqual(['node', `${workdir ?? ''}/bin/fluencyflow.js`]);
  });

  it('installs production dependencies only with npm ci, in the stage the image copies node_modules from', () => {
    const deps = stages.find((s) => stageRuns(s, ['npm', 'ci'], ['--omit=dev']));
    expect(deps?.name).not.toBeNull();
    const copied = final.instructions.find(
      (i) => i.keyword === 'COPY' && i.args.some((a) => a.endsWith('/node_modules')),
    );
    expect(copied?.flags.get('from')).toBe(deps?.name);
  });

  it('runs the install script of every production package that has one, which --ignore-scripts skipped', () => {
    const deps = stages.find((s) => stageRuns(s, ['npm', 'ci'], ['--omit=dev']));
    const skips = deps !== undefined && stageRuns(deps, ['npm', 'ci'], ['--ignore-scripts']);
    const lock = z
      .object({
        packages: z.record(
          z.string(),
          z.object({ dev: z.boolean().optional(), hasInstallScript: z.boolean().optional() }),
        ),
      })
      .parse(JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')));
    const scripted = Object.entries(lock.packages)
      .filter(([key, p]) => key.startsWith('node_modules/') && p.hasInstallScript === true && p.dev !== true)
      .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
    // better-sqlite3 at least: its native addon.
    expect(scripted.length).toBeGreaterThan(0);
    if (deps && skips) for (const name of scripted) expect(stageRuns(deps, ['npm', 'rebuild', name]), name).toBe(true);
  });

  it('serves by default on the port it exposes, on every interface, and checks /healthz there', () => {
    const cmd = lastOf(final, 'CMD');
    expect(cmd?.exec).toBe(true);
    const args = cmd?.args ?? [];
    expect(args[0]).toBe('serve');
    const port = option(args, '--port');
    expect(lastOf(final, 'EXPOSE')?.args).toEqual([port]);
    // Published ports reach the container's interface, not its loopback.
    expect(option(args, '--host')).toBe('0.0.0.0');
    const health = lastOf(final, 'HEALTHCHECK');
    expect(health?.args[0]).toBe('CMD');
    expect(health?.args.join(' ')).toContain(`http://127.0.0.1:${port ?? ''}/healthz`);
  });

  it('keeps the state store on a volume the user owns', () => {
    const volume = lastOf(final, 'VOLUME')?.args ?? [];
    const user = lastOf(final, 'USER')?.args[0] ?? '';
    expect(volume.length).toBe(1);
    const owned = final.instructions.some(
      (i) =>
        i.keyword === 'RUN' &&
        /\bchown\s+(\S+)\s+(\S+)/.exec(i.args.join(' '))?.slice(1, 3).join(' ') ===
          `${user}:${user} ${volume[0] ?? ''}`,
    );
    expect(owned).toBe(true);
  });
});

describe('Dockerfile: the build stage', () => {
  const readJson = (file: string): unknown => JSON.parse(readFileSync(join(repoRoot, file), 'utf8'));
  const tsconfig = z.object({ extends: z.string().optional(), include: z.array(z.string()) });

  it('copies everything `npm run build` reads, and .dockerignore leaves it in the context', () => {
    const build = stages.find((s) => stageRuns(s, ['npm', 'run', 'build']));
    expect(build).toBeDefined();
    const copied = new Set(
      instructionsOf(build ?? final, 'COPY')
        .filter((c) => !c.flags.has('from'))
        .flatMap((c) => c.args.slice(0, -1)),
    );
    const lib = tsconfig.parse(readJson('tsconfig.build.json'));
    const script = z.object({ scripts: z.object({ build: z.string() }) }).parse(readJson('package.json'));
    // `tsx scripts/build.ts`: the script's folder; tsconfig.build.json, what it extends and what it compiles.
    const needed = [
      'package.json',
      'package-lock.json',
      'tsconfig.build.json',
      ...(lib.extends === undefined ? [] : [lib.extends.replace(/^\.\//, '')]),
      ...lib.include,
      ...script.scripts.build
        .split(' ')
        .filter((w) => w.includes('/'))
        .map((w) => w.split('/')[0] ?? w),
    ];
    expect(needed.filter((n) => !copied.has(n))).toEqual([]);
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(needed.filter((n) => ignored.includes(n))).toEqual([]);
  });
});
