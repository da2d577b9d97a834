// The image, checked without a container engine: the Dockerfile's shape, then
// its stages built for real in temporary folders (npm ci, npm run build,
// npm ci --omit=dev), and the runtime stage's ENTRYPOINT run under the real
// tini, as the image's user, against the production dependency set only.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validate } from 'dockerfile-utils';
import { execForm, parseCopy, parseDockerfile, parseDockerignore, type Instruction, type Stage } from './dockerfile.js';
import { buildStages, listFiles, type BuiltStage } from './image-build.js';
import { poll, start, waitForListening } from './processes.js';
import { startApiServer } from '../support/apiserver/index.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dockerfileText = readFileSync(join(repo, 'Dockerfile'), 'utf8');
const dockerfile = parseDockerfile(dockerfileText);
const dockerignore = parseDockerignore(readFileSync(join(repo, '.dockerignore'), 'utf8'));
const finalStage = dockerfile.stages.at(-1);

function only(stage: Stage | undefined, keyword: string): Instruction {
  const found = stage?.instructions.filter((instruction) => instruction.keyword === keyword) ?? [];
  assert.equal(found.length, 1, `expected exactly one ${keyword} in the final stage`);
  return found[0] as Instruction;
}

describe('Dockerfile', () => {
  test('has no findings from the Dockerfile linter (dockerfile-utils; Debian packages none)', () => {
    const findings = validate(dockerfileText).map((diagnostic) => `line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
    assert.deepEqual(findings, []);
  });

  test('builds in stages, all from the pinned slim Node 20 image', () => {
    assert.ok(dockerfile.stages.length >= 2, 'a multi-stage build');
    for (const stage of dockerfile.stages) {
      assert.match(stage.image, /^node:20(\.\d+)*-bookworm-slim$/, `stage ${stage.name ?? '?'} starts from a pinned node:20 slim tag`);
    }
    assert.deepEqual(dockerfile.stages.map((stage) => stage.name), ['build', 'deps', 'runtime']);
  });

  test('the runtime stage gets production dependencies only, and runs no npm', () => {
    const copies = finalStage?.instructions.filter((instruction) => instruction.keyword === 'COPY').map(parseCopy) ?? [];
    const modules = copies.find((copy) => copy.sources.some((source) => source.endsWith('node_modules')));
    assert.ok(modules?.from !== undefined, 'node_modules comes from another stage');
    const depsStage = dockerfile.stages.find((stage) => stage.name === modules.from);
    const installs = depsStage?.instructions.filter((instruction) => instruction.keyword === 'RUN' && /npm ci/.test(instruction.args)) ?? [];
    assert.equal(installs.length, 1);
    assert.match(installs[0]?.args ?? '', /npm ci --omit=dev --ignore-scripts/);
    const runs = finalStage?.instructions.filter((instruction) => instruction.keyword === 'RUN') ?? [];
    assert.ok(runs.every((run) => !/\bnpm\b/.test(run.args)), 'no npm in the runtime stage');
  });

  test('runs prom-run under tini as a numeric non-root user, exposes 9152, carries OCI labels', () => {
    const [uid, gid] = only(finalStage, 'USER').args.split(':');
    assert.match(uid ?? '', /^\d+$/, 'USER is numeric (runAsNonRoot can only verify a numeric user)');
    assert.notEqual(Number(uid), 0);
    assert.ok(gid === undefined || (/^\d+$/.test(gid) && Number(gid) !== 0), 'the group is numeric and not root');
    assert.deepEqual(only(finalStage, 'EXPOSE').args.split(/\s+/), ['9152']);
    assert.deepEqual(execForm(only(finalStage, 'ENTRYPOINT')), ['/usr/bin/tini', '--', 'prom-run']);
    const runs = finalStage?.instructions.filter((instruction) => instruction.keyword === 'RUN').map((run) => run.args).join(' ') ?? '';
    assert.match(runs, /apt-get install -y --no-install-recommends [^&]*\btini\b/, 'tini comes from Debian');
    assert.match(runs, /useradd --uid 65532 --gid 65532/);
    assert.match(runs, /ln -s \/app\/dist\/cmd\/prom-run\.js \/usr\/local\/bin\/prom-run/, 'prom-run on PATH');
    assert.match(runs, /ln -s \/app\/dist\/cmd\/kubediff\.js \/usr\/local\/bin\/kubediff/, 'kubediff on PATH');
    assert.match(runs, /ln -s \/app\/dist\/cmd\/compare-images\.js \/usr\/local\/bin\/compare-images/, 'compare-images on PATH');
    assert.match(runs, /ln -s \/app\/dist\/cmd\/compare-images\.js \/compare-images/, '/compare-images, as in weaveworks\' image');
    assert.match(runs, /ln -s \/app\/dist\/cmd\/prom-run\.js \/prom-run/, '/prom-run, as in weaveworks\' image');
    assert.match(runs, /ln -s \/app\/dist\/cmd\/kubediff\.js \/kubediff/, '/kubediff, as in weaveworks\' image');
    const labels = finalStage?.instructions.filter((instruction) => instruction.keyword === 'LABEL').map((label) => label.args).join(' ') ?? '';
    for (const key of ['title', 'description', 'version', 'revision', 'source', 'licenses']) {
      assert.match(labels, new RegExp(`org\\.opencontainers\\.image\\.${key}=`), `label org.opencontainers.image.${key}`);
    }
  });

  test('.dockerignore keeps the build context to what the build reads', () => {
    for (const path of ['node_modules/yaml/package.json', 'dist/cmd/prom-run.js', '.git/HEAD', 'test/deploy/dockerfile.test.ts', 'k8s/deployment.yaml', 'README.md', 'src/x.swp']) {
      assert.equal(dockerignore.isIgnored(path), true, `${path} stays out of the context`);
    }
    for (const path of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.mjs', 'src/errors.ts', 'cmd/prom-run.ts']) {
      assert.equal(dockerignore.isIgnored(path), false, `${path} is in the context`);
    }
  });
});

describe('the image, built stage by stage in temporary folders', { concurrency: false }, () => {
  let stages: Map<string, BuiltStage>;
  let runtime: BuiltStage;
  const buildLog: string[] = [];
  // The image's user, when the tests may switch to it (they run as root in CI).
  const asImageUser = process.getuid?.() === 0 ? { uid: 65532, gid: 65532 } : {};

  // The official kubectl image, stood in for by this machine's kubectl (the test command requires it).
  const kubectlImage = mkdtempSync(join(tmpdir(), 'kubediff-image-kubectl-'));

  before(() => {
    mkdirSync(join(kubectlImage, 'bin'));
    symlinkSync(execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim(), join(kubectlImage, 'bin/kubectl'));
    stages = buildStages({
      dockerfile,
      context: repo,
      isIgnored: (path) => dockerignore.isIgnored(path),
      log: (line) => buildLog.push(line),
      // `npm test` installs it with `npm ci` from the same lockfile; --omit=dev still runs for real.
      reuseNodeModules: join(repo, 'node_modules'),
      externalImages: { 'registry.k8s.io/kubectl': kubectlImage },
    });
    runtime = stages.get('runtime') as BuiltStage;
  }, { timeout: 300_000 });

  after(() => {
    for (const stage of new Set(stages?.values() ?? [])) rmSync(stage.root, { recursive: true, force: true });
    rmSync(kubectlImage, { recursive: true, force: true });
  });

  // The ENTRYPOINT as the image has it; its `prom-run` is found on PATH (below).
  const entrypoint = (): string[] => execForm(only(finalStage, 'ENTRYPOINT'));
  // The image's /usr/local/bin (prom-run, kubediff) first on PATH, then this machine's
  // node, as the node image's PATH has it. In the container tini is PID 1; here it
  // registers as a subreaper to reap the same way.
  const env = (): NodeJS.ProcessEnv => ({
    PATH: `${join(runtime.root, 'usr/local/bin')}:${process.env.PATH ?? ''}`,
    HOME: '/nonexistent',
    TINI_SUBREAPER: '1',
    ...runtime.env,
  });

  test('the runtime stage holds the built programs and production dependencies only', (t) => {
    t.diagnostic(buildLog.join('\n'));
    const app = join(runtime.root, 'app');
    for (const file of ['dist/cmd/prom-run.js', 'dist/cmd/kubediff.js', 'dist/cmd/compare-images.js', 'package.json', 'node_modules/prom-client/package.json', 'node_modules/js-yaml/package.json']) {
      assert.ok(existsSync(join(app, file)), `/app/${file} is in the image`);
    }
    for (const devOnly of ['typescript', 'tsx', 'eslint', 'playwright-core', 'yaml']) {
      assert.equal(existsSync(join(app, 'node_modules', devOnly)), false, `${devOnly} (a dev dependency) is not in the image`);
    }
    assert.equal(existsSync(join(app, 'src')), false, 'TypeScript sources stay in the build stage');
  });

  test('tini is installed where the ENTRYPOINT expects it', () => {
    // The image gets it from Debian's tini package; the test command installs the same package here.
    assert.ok(existsSync('/usr/bin/tini'), '/usr/bin/tini (Debian package tini) is needed to run the ENTRYPOINT');
  });

  test('the ENTRYPOINT starts and prints prom-run usage for --help', async () => {
    const [command = '', ...args] = entrypoint();
    const run = start(command, [...args, '--help'], { cwd: join(runtime.root, 'app'), env: env(), ...asImageUser });
    assert.equal(await run.exited(30_000), 0, run.output());
    assert.match(run.output(), /Usage: prom-run/);
    assert.match(run.output(), /-period/);
  });

  test('--version finds the package.json the runtime stage copies', async () => {
    const [command = '', ...args] = entrypoint();
    const run = start(command, [...args, '--version'], { cwd: '/', env: env(), ...asImageUser });
    assert.equal(await run.exited(30_000), 0, run.output());
    const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    assert.ok(run.output().includes(version), `prints ${version}: ${run.output()}`);
  });

  test('the production dependency set runs the kubediff CLI too, from PATH', async () => {
    const run = start(join(runtime.root, 'usr/local/bin/kubediff'), ['--help'], { env: env(), ...asImageUser });
    assert.equal(await run.exited(30_000), 0, run.output());
    assert.match(run.output(), /kubediff/);
  });

  test('kubectl comes from the official image, pinned by version and digest, and the image builds kustomizations with it', async (t) => {
    const copies = finalStage?.instructions.filter((instruction) => instruction.keyword === 'COPY').map(parseCopy) ?? [];
    const kubectl = copies.find((copy) => copy.destination === '/usr/local/bin/kubectl');
    assert.match(kubectl?.from ?? '', /^registry\.k8s\.io\/kubectl:v1\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    assert.deepEqual(kubectl?.sources, ['/bin/kubectl']);
    assert.ok(existsSync(join(runtime.root, 'usr/local/bin/kubectl')), 'kubectl is on the image\'s PATH');

    const server = await startApiServer({});
    const scratch = mkdtempSync(join(tmpdir(), 'kubediff-image-kustomize-'));
    t.after(async () => {
      await server.close();
      rmSync(scratch, { recursive: true, force: true });
    });
    // Readable by the image's user, as git-sync's volume is.
    chmodSync(scratch, 0o755);
    const kubeconfig = join(scratch, 'kubeconfig');
    await server.writeKubeconfig(kubeconfig);
    chmodSync(kubeconfig, 0o644);
    mkdirSync(join(scratch, 'app'));
    writeFileSync(join(scratch, 'app/kustomization.yaml'), 'namePrefix: image-\nresources: [cm.yaml]\n');
    writeFileSync(join(scratch, 'app/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: built\ndata:\n  a: b\n');
    server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'image-built', namespace: 'default' }, data: { a: 'b' } });
    // The image's PATH: its /usr/local/bin (kubediff, kubectl) first, then node's.
    const imagePath = { ...env(), PATH: `${join(runtime.root, 'usr/local/bin')}:${dirname(process.execPath)}`, KUBECACHEDIR: join(scratch, 'cache') };
    const run = start(join(runtime.root, 'usr/local/bin/kubediff'), ['-k', kubeconfig, join(scratch, 'app')], { env: imagePath, ...asImageUser });
    assert.equal(await run.exited(60_000), 0, run.output());
    assert.match(run.output(), /notice: built the kustomization with kubectl kustomize: /);
    assert.match(run.output(), /kubediff: 1 object \(1 in sync, 0 drifted, 0 missing, 0 failed\)/);
  });

  test('/compare-images, /prom-run and /kubediff run from the production dependency set, as in weaveworks\' image', async () => {
    const run = start(join(runtime.root, 'compare-images'), ['--format=json', join(repo, 'examples'), join(repo, 'examples')], { env: env(), ...asImageUser });
    assert.equal(await run.exited(30_000), 0, run.output());
    assert.equal(run.output().trim(), '{}');
    for (const [program, usage] of [['prom-run', /Usage: prom-run/], ['kubediff', /kubediff/]] as const) {
      const help = start(join(runtime.root, program), ['--help'], { env: env(), ...asImageUser });
      assert.equal(await help.exited(30_000), 0, help.output());
      assert.match(help.output(), usage);
    }
  });

  test('prom-run serves its page, metrics and probes, writes nothing, and stops on SIGTERM through tini', async (t) => {
    const app = join(runtime.root, 'app');
    const filesBefore = listFiles(runtime.root);
    const [command = '', ...args] = entrypoint();
    const run = start(command, [...args, '-listen-addr=127.0.0.1:0', '-period=1h', 'true'], { cwd: app, env: env(), ...asImageUser });
    t.after(() => run.stop());
    const url = await waitForListening(run, 30_000);
    await poll(30_000, 100, async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined), () => `/readyz never became ready:\n${run.output()}`);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.match(metrics, /^command_exit_code 0$/m);
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);

    run.child.kill('SIGTERM');
    assert.equal(await run.exited(15_000), 0, `tini forwards SIGTERM and prom-run exits 0:\n${run.output()}`);
    assert.deepEqual(listFiles(runtime.root), filesBefore, 'nothing is written under / at run time (readOnlyRootFilesystem)');
  });
});
