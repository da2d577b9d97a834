// k8s/web-tls, the component that serves kubediff only over TLS to
// authenticated scrapers, as its instructions tell users to turn it on: the
// commands in its comment (openssl, htpasswd) make the files; the Secrets are
// created with kubectl from them; `kubectl apply -k k8s/` with the component
// uncommented applies to the emulated API server; the rendered Deployment
// mounts the Secret where --web.config.file points; and prom-run with that
// web config answers curl as the ServiceMonitor's Prometheus would ask (the
// Service's name, the certificate as CA, the password).
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { parseRunnerArgs } from '../../src/runner/config.js';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { curl } from '../support/curl.js';
import { fixture, startPromRun } from '../support/prom-run.js';
import { createKubectl, type Kubectl } from './kubectl.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- manifests are free-form YAML

const repo = fileURLToPath(new URL('../..', import.meta.url));
const component = readFileSync(join(repo, 'k8s/web-tls/kustomization.yaml'), 'utf8');

/** The shell commands of the component's comment, from the certificate to the first kubectl. */
function commandsOf(comment: string): string {
  const lines = comment.split('\n').filter((line) => line.startsWith('#   ')).map((line) => line.slice(4));
  const end = lines.findIndex((line) => line.startsWith('kubectl '));
  assert.ok(end > 0, 'the comment has commands before kubectl');
  return lines.slice(0, end).join('\n');
}

/** The kubectl commands of the comment that create the Secrets, as argument lists. */
function secretCommandsOf(comment: string): string[] {
  const lines = comment.split('\n').filter((line) => line.startsWith('#   ')).map((line) => line.slice(4));
  return lines.join('\n').replace(/\\\n\s*/g, '').split('\n').filter((line) => line.startsWith('kubectl -n kubediff create secret'));
}

describe('k8s/web-tls: TLS and basic auth in the cluster', { concurrency: false }, () => {
  let scratch: string;
  let k8s: string;
  let rendered: Obj[];
  let server: ApiServer;
  let kubectl: Kubectl;
  let password: string;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'kubediff-web-tls-'));
    // The files, made by the commands users copy.
    const made = spawnSync('bash', ['-euo', 'pipefail', '-c', `${commandsOf(component)}\nprintf '%s' "$PASSWORD" > password`], { cwd: scratch, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    password = readFileSync(join(scratch, 'password'), 'utf8');
    // k8s/ with the component turned on as k8s/kustomization.yaml says.
    k8s = join(scratch, 'k8s');
    cpSync(join(repo, 'k8s'), k8s, { recursive: true });
    const kustomization = readFileSync(join(k8s, 'kustomization.yaml'), 'utf8');
    assert.match(kustomization, /^# components:\n# {3}- web-tls$/m);
    writeFileSync(join(k8s, 'kustomization.yaml'), kustomization.replace('# components:\n#   - web-tls', 'components:\n  - web-tls'));
    server = await startApiServer({});
    kubectl = createKubectl(server.kubeconfigPath);
    rendered = parseAllDocuments(await kubectl.ok('kustomize', k8s)).map((document) => document.toJS() as Obj);
  }, { timeout: 120_000 });

  after(async () => {
    kubectl?.close();
    await server?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const find = (kind: string): Obj => {
    const found = rendered.find((object) => object.kind === kind);
    assert.ok(found, kind);
    return found;
  };
  const container = (name: string): Obj => (find('Deployment').spec.template.spec.containers as Obj[]).find((candidate) => candidate.name === name) as Obj;

  test('kubediff reads the web config from the mounted Secret and watches git-sync\'s link instead of its webhook', () => {
    const runner = parseRunnerArgs(container('kubediff').args as string[]);
    assert.equal(runner.action, 'run');
    if (runner.action !== 'run') return;
    assert.equal(runner.config.webConfigFile, '/etc/kubediff/web/web-config.yml');
    assert.equal(runner.config.gitSync?.watch, true);
    assert.equal(runner.config.command[0], 'kubediff');
    const mount = (container('kubediff').volumeMounts as Obj[]).find((candidate) => candidate.mountPath === dirname(runner.config.webConfigFile ?? ''));
    assert.equal(mount?.readOnly, true);
    const volume = (find('Deployment').spec.template.spec.volumes as Obj[]).find((candidate) => candidate.name === mount?.name);
    assert.equal(volume?.secret?.secretName, 'kubediff-web');
    assert.equal((container('git-sync').args as string[]).some((arg) => arg.startsWith('--webhook-url')), false);
    for (const probe of ['livenessProbe', 'readinessProbe']) assert.deepEqual(container('kubediff')[probe].tcpSocket, { port: 'metrics' });
  });

  test('the ServiceMonitor scrapes over HTTPS with the Service\'s name, the certificate as CA and the password', () => {
    const [endpoint] = find('ServiceMonitor').spec.endpoints as Obj[];
    const service = find('Service');
    assert.equal(endpoint?.scheme, 'https');
    assert.equal(endpoint?.tlsConfig.serverName, `${service.metadata.name}.${service.metadata.namespace}.svc`);
    assert.deepEqual(endpoint?.tlsConfig.ca, { secret: { name: 'kubediff-web', key: 'tls.crt' } });
    assert.deepEqual(endpoint?.basicAuth, {
      username: { name: 'kubediff-scrape-credentials', key: 'username' },
      password: { name: 'kubediff-scrape-credentials', key: 'password' },
    });
  });

  test('the Secrets created as the comment says, then kubectl apply -k k8s/ with the component', async () => {
    await kubectl.ok('apply', '-f', join(repo, 'test/deploy/fixtures/monitoring-crds.yaml'));
    await kubectl.ok('create', 'namespace', 'kubediff');
    const commands = secretCommandsOf(component);
    assert.equal(commands.length, 2);
    for (const command of commands) {
      const args = (command.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []).slice(1).map((arg) => arg.replace(/"\$PASSWORD"/, password).replace(/"/g, ''));
      const result = await new Promise<string>((resolve, reject) => {
        execFile('kubectl', args, { cwd: scratch, env: { ...process.env, KUBECONFIG: server.kubeconfigPath, KUBECACHEDIR: join(scratch, 'cache') } }, (error, stdout, stderr) => (error ? reject(new Error(`${stderr}`)) : resolve(stdout)));
      });
      assert.match(result, /secret\/kubediff-(web|scrape-credentials) created/);
    }
    const output = await kubectl.ok('apply', '-k', k8s);
    assert.match(output, /deployment\.apps\/kubediff created/);
    assert.match(output, /servicemonitor\.monitoring\.coreos\.com\/kubediff created/);
    const secret = JSON.parse(await kubectl.ok('-n', 'kubediff', 'get', 'secret', 'kubediff-web', '-o', 'json')) as { data: Record<string, string> };
    assert.deepEqual(Object.keys(secret.data).sort(), ['tls.crt', 'tls.key', 'web-config.yml']);
  });

  test('prom-run with that web config answers as the ServiceMonitor asks, and refuses without the password', async (t) => {
    const app = await startPromRun([`--web.config.file=${join(scratch, 'web-config.yml')}`, '-period=1h', '--', fixture('exit-with'), '0']);
    t.after(() => app.stop());
    const port = new URL(app.url).port;
    const asPrometheus = ['--cacert', join(scratch, 'tls.crt'), '--resolve', `kubediff.kubediff.svc:${port}:127.0.0.1`, `https://kubediff.kubediff.svc:${port}/metrics`];
    const scraped = await curl(['-u', `prometheus:${password}`, ...asPrometheus]);
    assert.equal(scraped.status, 200, scraped.stderr);
    assert.match(scraped.body, /^promrun_command_last_run_timestamp_seconds /m);
    assert.equal((await curl(asPrometheus)).status, 401);
  });
});
