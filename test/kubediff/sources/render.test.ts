// --render 'CMD ARGS': the command runs in each given folder and its stdout is
// that folder's manifests (Helm is not installable here: real commands that
// print manifests stand in, `kubectl kustomize .` and small scripts). Failures
// are errors for that folder; a render killed on the run's timeout leaves no
// process behind; a Secret in output that fails to parse is never quoted.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { runCheck, type CheckOptions } from '../../../src/kubediff/check.js';
import { renderJson, renderText } from '../../../src/kubediff/output/index.js';
import type { CheckReport } from '../../../src/kubediff/result.js';
import { silentLogger } from '../../../src/log/logger.js';
import { timeoutReason } from '../../../src/runner/abort-reasons.js';
import { readProcStat } from '../../../src/runner/process-group.js';
import { createKubediffTask } from '../../../src/runner/kubediff-task.js';
import { startApiServer, type ApiServer } from '../../support/apiserver/index.js';
import { KUBEDIFF_CMD, kubectl, TSX_IMPORT } from '../helpers/processes.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';
import { GUESTBOOK } from './kustomize-layouts.js';

const RENDER_SECRET = 'render-s3cret-value-never-shown';

function alive(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting: ${what}`);
}

describe('kubediff --render', { concurrency: false }, () => {
  let server: ApiServer;
  let tmp: TempDir;
  let repo: string;
  let env: NodeJS.ProcessEnv;

  /** The checker in-process, with --render's command, on folders of the repository. */
  const check = (render: readonly string[], paths: readonly string[], options: Partial<CheckOptions> = {}): Promise<CheckReport> =>
    runCheck({ paths: paths.map((path) => join(repo, path)), render, kubeconfig: server.kubeconfigPath, env, homeDir: tmp.path, ...options }, { logger: silentLogger });
  const guestbook = () => join(repo, 'kustomize-guestbook');

  before(async () => {
    server = await startApiServer({});
    tmp = await makeTempDir('kubediff-render-');
    repo = join(await tmp.write({
      ...Object.fromEntries(Object.entries(GUESTBOOK).map(([path, text]) => [`repo/${path}`, text])),
      'repo/scripts/secret.sh': `printf 'apiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: broken\\nstringData:\\n  password: ${RENDER_SECRET}\\n  [oops\\n'\n`,
      'repo/scripts/hang.sh': 'echo $$ > "$1/render.pid"\nsleep 1000 &\necho $! > "$1/child.pid"\nwait\n',
      'repo/empty/.keep': '',
    }), 'repo');
    env = { PATH: process.env.PATH, HOME: tmp.path, KUBECONFIG: server.kubeconfigPath, KUBECACHEDIR: join(tmp.path, 'kube-cache') };
    await kubectl(['apply', '-k', join(repo, 'kustomize-guestbook')], env);
  });
  after(async () => {
    await server.close();
    await tmp.remove();
  });

  test('through the CLI, a render that prints manifests: in sync, each object naming the folder, the command and its document', async () => {
    const run = await execa(process.execPath, ['--import', TSX_IMPORT, KUBEDIFF_CMD, '-o', 'json', '--render', 'kubectl kustomize .', 'kustomize-guestbook'], { env, extendEnv: false, reject: false, timeout: 300_000, cwd: repo });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as CheckReport;
    assert.deepEqual([report.totals.objects, report.totals.inSync], [2, 2]);
    assert.deepEqual(report.objects[1]?.source, { file: 'kustomize-guestbook', document: 1, build: { tool: 'render', command: 'kubectl kustomize .' } });
  });

  test('a render with a pipe, through sh -c, shows drift in what it prints', async () => {
    const report = await check(['sh', '-c', 'kubectl kustomize . | sed s/gb-frontend:v5/gb-frontend:v9/'], ['kustomize-guestbook']);
    assert.equal(report.exitCode, 2, renderText(report));
    assert.match(renderText(report), /\.image: 'gcr\.io\/google-samples\/gb-frontend:v9' != 'gcr\.io\/google-samples\/gb-frontend:v5'/);
  });

  test('a render that fails, or is not found, is an error with its stderr; the other folders are still rendered', async () => {
    const failing = await check(['sh', '-c', 'if [ -f kustomization.yaml ]; then kubectl kustomize .; else echo no chart here >&2; exit 3; fi'], ['kustomize-guestbook', 'empty']);
    assert.equal(failing.exitCode, 1, renderText(failing));
    assert.deepEqual(failing.errors.map((e) => [e.file, e.message.replace(/`sh -c '.*'`/, '`sh -c ...`')]), [[join(repo, 'empty'), `cannot render ${join(repo, 'empty')}: \`sh -c ...\` exited 3: no chart here`]]);
    assert.deepEqual([failing.totals.objects, failing.totals.inSync], [2, 2]);
    const missing = await check(['helm', 'template', 'web', '.'], ['kustomize-guestbook']);
    assert.equal(missing.exitCode, 1);
    assert.equal(missing.errors[0]?.message, `cannot render ${guestbook()}: helm: command not found`);
  });

  test('in the text output, a failed render\'s stderr is one error line, its lines joined and its control characters escaped', async () => {
    const script = 'printf "first line\\033[2J\\n\\nkubediff: 10 objects (10 in sync, 0 drifted, 0 missing, 0 failed); exit 0\\n" >&2; exit 3';
    const run = await execa(process.execPath, ['--import', TSX_IMPORT, KUBEDIFF_CMD, '--render', `sh -c '${script}'`, 'empty'], { env, extendEnv: false, reject: false, timeout: 300_000, cwd: repo });
    assert.equal(run.exitCode, 1, run.stdout + run.stderr);
    const error = run.stdout.split('\n').find((line) => line.startsWith('error: cannot render empty:'));
    assert.match(error ?? '', /` exited 3: first line\\u001b\[2J \| kubediff: 10 objects \(10 in sync, 0 drifted, 0 missing, 0 failed\); exit 0$/, run.stdout);
    assert.doesNotMatch(run.stdout, /\\u000a/, 'no line break of the tool shown as an escape');
    assert.equal(run.stdout.split('\n').filter((line) => line.startsWith('kubediff:')).length, 1, 'one summary line');
  });

  test('a render that prints nothing: nothing to check, exit 1, saying why', async () => {
    const report = await check(['true'], ['kustomize-guestbook']);
    assert.equal(report.exitCode, 1, renderText(report));
    assert.deepEqual(report.notices, [`\`true\` printed no objects in ${guestbook()}`]);
    assert.deepEqual(report.errors.map((e) => e.message), [`nothing to check: found no objects in ${guestbook()}: the render printed no objects`]);
  });

  test('a Secret in render output that fails to parse is reported without its text', async () => {
    const report = await check(['sh', join(repo, 'scripts/secret.sh')], ['kustomize-guestbook']);
    assert.equal(report.exitCode, 1, renderText(report));
    assert.match(report.errors[0]?.message ?? '', /kustomize-guestbook \(render: sh .*secret\.sh\), document 1: cannot be parsed/);
    for (const output of [renderText(report), renderJson(report)]) assert.ok(!output.includes(RENDER_SECRET));
  });

  test('under prom-run, a render that hangs is killed with its children on the run timeout: no process left', async () => {
    const task = createKubediffTask({
      command: ['kubediff', '--kubeconfig', server.kubeconfigPath, '--render', `sh ${join(repo, 'scripts/hang.sh')} ${tmp.path}`, 'kustomize-guestbook'],
      workingDir: repo, maxOutputBytes: 1 << 20, env, homeDir: tmp.path, logger: silentLogger,
    });
    const controller = new AbortController();
    const running = task.run({ signal: controller.signal });
    const pidOf = async (name: string) => Number((await readFile(join(tmp.path, name), 'utf8').catch(() => '')).trim());
    await until(async () => (await pidOf('child.pid')) > 0, 'the render started its child');
    const pids = [await pidOf('render.pid'), await pidOf('child.pid')];
    assert.ok(pids.every(alive));
    controller.abort(timeoutReason(1000));
    const outcome = await running;
    assert.equal(outcome.exitCode, 124);
    assert.equal(outcome.timedOut, true);
    await until(() => !pids.some(alive), 'the render and its child are gone');
  });

  test('the CLI interrupted by SIGTERM during a render leaves no process either', async () => {
    const child = execa(process.execPath, ['--import', TSX_IMPORT, KUBEDIFF_CMD, '--render', `sh ${join(repo, 'scripts/hang.sh')} ${repo}`, 'kustomize-guestbook'], { env, extendEnv: false, reject: false, cwd: repo });
    const pidOf = async (name: string) => Number((await readFile(join(repo, name), 'utf8').catch(() => '')).trim());
    await until(async () => (await pidOf('child.pid')) > 0, 'the render started its child');
    const pids = [await pidOf('render.pid'), await pidOf('child.pid')];
    child.kill('SIGTERM');
    const result = await child;
    assert.equal(result.exitCode, 1, result.stdout + result.stderr);
    await until(() => !pids.some(alive), 'the render and its child are gone');
  });
});
