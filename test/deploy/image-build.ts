// Builds our Dockerfile's stages without a container engine: each stage gets a
// temporary folder standing for its root filesystem; COPY copies from the
// build context (through .dockerignore) or from an earlier stage; the npm
// commands of the build stages run for real in their WORKDIR (a full `npm ci`
// may reuse the context's own node_modules, see BuildOptions). The final
// stage's RUN lines (apt-get, useradd) need a real image and are returned,
// not run, for the test to check as text; only their `ln -s` links are made.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { parseCopy, type Dockerfile, type Stage } from './dockerfile.js';

export interface BuiltStage {
  readonly stage: Stage;
  /** The folder standing for the stage's `/`. */
  readonly root: string;
  readonly workdir: string;
  readonly env: Readonly<Record<string, string>>;
  /** RUN lines left for a real image build (final stage only). */
  readonly skippedRuns: readonly string[];
}

export interface BuildOptions {
  readonly dockerfile: Dockerfile;
  readonly context: string;
  readonly isIgnored: (path: string) => boolean;
  /** Writes the npm commands' output here, for a failing test to show. */
  readonly log: (line: string) => void;
  /** node_modules installed by a full `npm ci` of the same lockfile, to link instead of reinstalling. */
  readonly reuseNodeModules?: string;
  /**
   * Images that `COPY --from=<image>` names (a pinned reference, not a stage),
   * matched by repository (`registry.k8s.io/kubectl`), each a folder standing
   * for that image's root filesystem. Nothing is pulled.
   */
  readonly externalImages?: Readonly<Record<string, string>>;
}

// The only commands the build stages may run; anything else fails the build,
// so that a change to the Dockerfile is noticed here.
const RUNNABLE = [/^npm ci( --[\w=-]+)*$/, /^npm run build$/, /^chmod 0755( dist\/cmd\/[\w-]+\.js)+$/];
// In the final stage, only symbolic links are made here (inside the stage's folder).
const SYMLINK = /^ln -s (\/\S+) (\/\S+)$/;

/** Builds every stage in order; returns them by name (and by index). */
export function buildStages(options: BuildOptions): Map<string, BuiltStage> {
  const built = new Map<string, BuiltStage>();
  const { stages } = options.dockerfile;
  stages.forEach((stage, index) => {
    const isFinal = index === stages.length - 1;
    const result = buildStage(stage, isFinal, built, options);
    built.set(String(index), result);
    if (stage.name !== undefined) built.set(stage.name, result);
  });
  return built;
}

function buildStage(stage: Stage, isFinal: boolean, built: Map<string, BuiltStage>, options: BuildOptions): BuiltStage {
  const root = mkdtempSync(join(tmpdir(), `kubediff-image-${stage.name ?? 'stage'}-`));
  // mkdtemp makes the folder private; an image's / is readable by every user.
  chmodSync(root, 0o755);
  let workdir = '/';
  const env: Record<string, string> = {};
  const skippedRuns: string[] = [];
  const inRoot = (path: string): string => join(root, posix.resolve(workdir, path));
  for (const instruction of stage.instructions) {
    switch (instruction.keyword) {
      case 'WORKDIR':
        workdir = posix.resolve(workdir, instruction.args);
        mkdirSync(inRoot('.'), { recursive: true });
        break;
      case 'ENV':
        for (const [, name, value] of instruction.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) {
          if (name !== undefined && value !== undefined) env[name] = value.replace(/^"(.*)"$/, '$1');
        }
        break;
      case 'COPY': {
        const copy = parseCopy(instruction);
        const source = copy.from === undefined ? undefined : (built.get(copy.from) ?? externalImage(copy.from, copy.line, options));
        if (copy.from !== undefined && source === undefined) throw new Error(`Dockerfile line ${copy.line}: no stage ${copy.from} before it`);
        for (const path of copy.sources) {
          const from = source === undefined
            ? contextPath(options, path, copy.line)
            : join(source.root, posix.resolve(source.workdir, path));
          if (!existsSync(from)) throw new Error(`Dockerfile line ${copy.line}: COPY source ${path} does not exist${source === undefined ? ' in the build context' : ` in stage ${copy.from}`}`);
          const to = copy.destination.endsWith('/') && statSync(from).isFile()
            ? join(inRoot(copy.destination), posix.basename(path))
            : inRoot(copy.destination);
          mkdirSync(dirname(to), { recursive: true });
          cpSync(from, to, {
            recursive: true,
            verbatimSymlinks: true,
            filter: (file) => source !== undefined || !options.isIgnored(relative(options.context, file)),
          });
        }
        break;
      }
      case 'RUN':
        if (isFinal) {
          skippedRuns.push(instruction.args);
          makeSymlinks(instruction.args, root);
        } else {
          runCommands(instruction.args, inRoot('.'), instruction.line, options.log, options.reuseNodeModules);
        }
        break;
      default:
        break;
    }
  }
  return { stage, root, workdir, env, skippedRuns };
}

/** An image named by `COPY --from`: it must be pinned by digest, and stand-in folder given for it. */
function externalImage(reference: string, line: number, options: BuildOptions): BuiltStage | undefined {
  const pinned = /^([a-z0-9.-]+(?::\d+)?\/[a-z0-9._/-]+):[\w.-]+@sha256:[0-9a-f]{64}$/.exec(reference);
  if (!pinned) {
    if (reference.includes('/')) throw new Error(`Dockerfile line ${line}: COPY --from=${reference} is not pinned by version and digest`);
    return undefined;
  }
  const root = options.externalImages?.[pinned[1] ?? ''];
  if (root === undefined) throw new Error(`Dockerfile line ${line}: the simulated build has no stand-in for ${pinned[1]}`);
  return { stage: { name: undefined, image: reference, instructions: [] }, root, workdir: '/', env: {}, skippedRuns: [] };
}

/** Makes the RUN line's `ln -s /target /link` links, both paths taken inside root. */
function makeSymlinks(script: string, root: string): void {
  for (const command of script.split('&&').map((part) => part.trim())) {
    const match = SYMLINK.exec(command);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    mkdirSync(dirname(join(root, match[2])), { recursive: true });
    symlinkSync(join(root, match[1]), join(root, match[2]));
  }
}

function contextPath(options: BuildOptions, path: string, line: number): string {
  const normalized = posix.normalize(path).replace(/\/$/, '');
  if (options.isIgnored(normalized)) throw new Error(`Dockerfile line ${line}: COPY source ${path} is excluded by .dockerignore`);
  return join(options.context, normalized);
}

function runCommands(script: string, cwd: string, line: number, log: (line: string) => void, reusableModules: string | undefined): void {
  for (const command of script.split('&&').map((part) => part.trim())) {
    if (!RUNNABLE.some((pattern) => pattern.test(command))) {
      throw new Error(`Dockerfile line ${line}: the simulated build does not know how to run \`${command}\``);
    }
    const [program = '', ...args] = command.split(/\s+/);
    if (args[0] === 'ci' && !args.includes('--omit=dev') && reusableModules !== undefined) {
      // The full dependency set is what `npm ci` installed in the context from the
      // same package-lock.json: link it rather than spend a minute reinstalling it.
      log(`$ ${command}   (in ${cwd}: linked to ${reusableModules})`);
      symlinkSync(reusableModules, join(cwd, 'node_modules'), 'dir');
      continue;
    }
    // The local npm cache stands in for the registry wherever it can.
    const offline = args[0] === 'ci' ? ['--prefer-offline'] : [];
    log(`$ ${command}   (in ${cwd})`);
    const started = Date.now();
    try {
      execFileSync(program, [...args, ...offline], {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, npm_config_update_notifier: 'false' },
        timeout: 240_000,
      });
    } catch (error) {
      // tsc reports on stdout, npm on stderr: show both.
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`Dockerfile line ${line}: \`${command}\` failed:\n${stdout}${stderr}`, { cause: error });
    }
    log(`  took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** Lists a folder's files recursively (relative paths), to compare before and after a run. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}
