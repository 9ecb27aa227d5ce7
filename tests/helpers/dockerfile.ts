/**
 * The project's Dockerfile as stages of instructions, for tests that check the image without a Docker engine.
 *
 * Parsed with dockerfile-ast, the parser behind the Dockerfile language server (maintained, MIT, two small
 * dependencies): it follows line continuations, the escape directive, exec (JSON) and shell forms and `--flags`
 * as BuildKit does, which a few regular expressions here would get wrong at the edges.
 */
import { readFileSync } from 'node:fs';
import { DockerfileParser, From, Healthcheck, JSONInstruction, ModifiableInstruction } from 'dockerfile-ast';
import type { Instruction } from 'dockerfile-ast';
import { z } from 'zod';

export interface DockerInstruction {
  keyword: string;
  /** The exec form's strings, or the shell form's words (HEALTHCHECK: `CMD` then the command's). */
  args: string[];
  /** Whether the arguments are in the exec (JSON) form, which runs without a shell. */
  exec: boolean;
  flags: ReadonlyMap<string, string | null>;
  /** 1-based, for messages. */
  line: number;
}

export interface DockerStage {
  /** The `AS` name, null for an unnamed stage (the last one usually). */
  name: string | null;
  /** `FROM`'s image reference, e.g. `node:20-bookworm-slim`. */
  image: string;
  instructions: DockerInstruction[];
}

const jsonStrings = z.array(z.string());

/** HEALTHCHECK's command after `CMD`: exec form when it is a JSON array, as Docker decides. */
const healthcheckArgs = (i: Healthcheck): { args: string[]; exec: boolean } => {
  const sub = i.getSubcommand()?.getValue() ?? '';
  const content = i.getArgumentsContent() ?? '';
  const rest = content.slice(content.indexOf(sub) + sub.length).trim();
  try {
    return { args: [sub, ...jsonStrings.parse(JSON.parse(rest))], exec: true };
  } catch {
    return { args: [sub, ...rest.split(/\s+/)], exec: false };
  }
};

const toInstruction = (i: Instruction): DockerInstruction => {
  const flags = new Map(
    i instanceof ModifiableInstruction ? i.getFlags().map((f) => [f.getName(), f.getValue()] as const) : [],
  );
  const base = { keyword: i.getKeyword(), flags, line: i.getRange().start.line + 1 };
  if (i instanceof Healthcheck) return { ...base, ...healthcheckArgs(i) };
  if (i instanceof JSONInstruction && i.getOpeningBracket() !== null && i.getClosingBracket() !== null)
    return { ...base, args: i.getJSONStrings().map((s) => s.getJSONValue()), exec: true };
  return { ...base, args: i.getArguments().map((a) => a.getValue()), exec: false };
};

/** The Dockerfile's build stages in order; instructions before the first FROM (global ARGs) are left out. */
export const readDockerfile = (path: string): DockerStage[] => {
  const stages: DockerStage[] = [];
  for (const i of DockerfileParser.parse(readFileSync(path, 'utf8')).getInstructions()) {
    if (i instanceof From) stages.push({ name: i.getBuildStage(), image: i.getImage() ?? '', instructions: [] });
    else stages.at(-1)?.instructions.push(toInstruction(i));
  }
  return stages;
};

/** The stage's instructions with this keyword. */
export const instructionsOf = (stage: DockerStage, keyword: string): DockerInstruction[] =>
  stage.instructions.filter((i) => i.keyword === keyword);

/** The last instruction with this keyword (the one that counts for USER, CMD, ENTRYPOINT, HEALTHCHECK, WORKDIR). */
export const lastOf = (stage: DockerStage, keyword: string): DockerInstruction | undefined =>
  instructionsOf(stage, keyword).at(-1);

/** A RUN's shell commands split at `&&` and `;`, each as its words (shell form; exec form is one command). */
export const runCommands = (run: DockerInstruction): string[][] => {
  if (run.exec) return [run.args];
  const commands: string[][] = [[]];
  for (const word of run.args) {
    if (word === '&&' || word === ';') commands.push([]);
    else commands.at(-1)?.push(word);
  }
  return commands.filter((c) => c.length > 0);
};
