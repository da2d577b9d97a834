// compare-images as people run it: the real program (through tsx) on two
// manifest trees, as weaveworks' README showed it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { makeTempDir, type TempDir } from '../kubediff/helpers/temp.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

async function compareImages(args: readonly string[], more: { home?: string; input?: string } = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  // kubectl (kustomize builds) keeps its cache under HOME or KUBECACHEDIR: a temp folder, never the user's.
  const home = more.home ? { HOME: more.home, KUBECACHEDIR: join(more.home, 'kube-cache') } : {};
  const result = await execa(process.execPath, ['--import', 'tsx', `${REPO}cmd/compare-images.ts`, ...args], {
    reject: false, cwd: REPO, timeout: 120_000, env: { PATH: process.env.PATH, ...home }, extendEnv: false, ...(more.input === undefined ? {} : { input: more.input }),
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const deployment = (name: string, images: string[]) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  template:
    spec:
      containers:
${images.map((image, i) => `      - {name: c${i}, image: "${image}"}`).join('\n')}
`;

describe('compare-images SOURCE TARGET', () => {
  let dir: TempDir;
  before(async () => {
    dir = await makeTempDir('kubediff-compare-images-');
    await dir.write({
      'service-conf/k8s/dev/grafana.yaml': deployment('grafana', ['quay.io/weaveworks/grafana:master-0fc7cc2']),
      'service-conf/k8s/dev/monitoring.yaml': `${deployment('prometheus', ['tomwilkie/prometheus:frankenstein-8a5ec1b'])}---\n${deployment('scope', ['weaveworks/scope:master-1a1021c', 'nginx:1.27'])}`,
      'service-conf/k8s/dev/new.yaml': deployment('new', ['quay.io/weaveworks/new-thing:v1']),
      'service-conf/k8s/prod/all.json': JSON.stringify({
        apiVersion: 'v1', kind: 'List', items: [
          JSON.parse(JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'grafana' }, spec: { template: { spec: { containers: [{ name: 'g', image: 'quay.io/weaveworks/grafana:master-08fd09d' }] } } } })),
          { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'prometheus' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'p', image: 'tomwilkie/prometheus:frankenstein-ebe5808' }] } } } } } },
          { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'scope' }, spec: { template: { spec: { initContainers: [{ name: 'i', image: 'docker.io/library/nginx:1.27' }], containers: [{ name: 's', image: 'weaveworks/scope:master-14d0e4e' }] } } } },
        ],
      }),
      'broken/bad.yaml': 'apiVersion: v1\nkind: [\n',
      // Two kustomize overlays of one base, which set the tag with kustomize's images: field.
      'shop/base/kustomization.yaml': 'resources: [web.yaml]\n',
      'shop/base/web.yaml': deployment('web', ['ghcr.io/acme/web:1.0', 'nginx:1.27']),
      'shop/overlays/staging/kustomization.yaml': 'resources: [../../base]\nnamePrefix: staging-\nimages:\n- {name: ghcr.io/acme/web, newTag: 1.3-rc1}\n',
      'shop/overlays/production/kustomization.yaml': 'resources: [../../base]\nimages:\n- {name: ghcr.io/acme/web, newTag: \'1.2\'}\n- {name: nginx, newTag: \'1.26\'}\n',
      'shop/overlays/broken/kustomization.yaml': 'resources: [../../base, missing.yaml]\n',
    });
  });
  after(() => dir?.remove());

  test('the table, named after the folders, with the image only dev has', async () => {
    const run = await compareImages([join(dir.path, 'service-conf/k8s/dev/'), join(dir.path, 'service-conf/k8s/prod/')]);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(run.stdout, [
      'Image                         dev                   prod',
      '----------------------------  --------------------  --------------------',
      'quay.io/weaveworks/grafana    master-0fc7cc2        master-08fd09d',
      'quay.io/weaveworks/new-thing  v1                    (not in prod)',
      'tomwilkie/prometheus          frankenstein-8a5ec1b  frankenstein-ebe5808',
      'weaveworks/scope              master-1a1021c        master-14d0e4e',
    ].join('\n'));
    assert.equal(run.stderr, '');
  });

  test("--format json: weaveworks' exact shape, differing tags only", async () => {
    const run = await compareImages(['--format', 'json', join(dir.path, 'service-conf/k8s/dev'), join(dir.path, 'service-conf/k8s/prod')]);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(run.stdout, '{"quay.io/weaveworks/grafana": ["master-0fc7cc2", "master-08fd09d"], "tomwilkie/prometheus": ["frankenstein-8a5ec1b", "frankenstein-ebe5808"], "weaveworks/scope": ["master-1a1021c", "master-14d0e4e"]}');
  });

  test('an unreadable manifest: the comparison is printed, the error goes to stderr, exit 1', async () => {
    const run = await compareImages(['--format=json', join(dir.path, 'broken'), join(dir.path, 'service-conf/k8s/prod')]);
    assert.equal(run.exitCode, 1);
    assert.equal(run.stdout, '{}');
    assert.match(run.stderr, /compare-images: error: .*bad\.yaml, document 1: cannot be parsed/);
  });

  test('two kustomize overlays are compared as kustomize builds them (the images: field applied), as kubediff reads them', async () => {
    const run = await compareImages([join(dir.path, 'shop/overlays/staging'), join(dir.path, 'shop/overlays/production')], { home: dir.path });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(run.stdout, [
      'Image             staging  production',
      '----------------  -------  ----------',
      'ghcr.io/acme/web  1.3-rc1  1.2',
      'nginx             1.27     1.26',
    ].join('\n'));
    assert.equal(run.stderr, '');
  });

  test('a kustomization that does not build is an error on stderr (exit 1); the other side is still read', async () => {
    const run = await compareImages(['--format=json', join(dir.path, 'shop/overlays/broken'), join(dir.path, 'shop/overlays/production')], { home: dir.path });
    assert.equal(run.exitCode, 1);
    assert.equal(run.stdout, '{}');
    assert.match(run.stderr, /compare-images: error: cannot build the kustomization .*shop\/overlays\/broken: [^]*missing\.yaml/);
  });

  test('- reads one side from standard input (a build piped in); both sides - is refused', async () => {
    const built = await execa('kubectl', ['kustomize', join(dir.path, 'shop/overlays/production')], { env: { PATH: process.env.PATH, HOME: dir.path, KUBECACHEDIR: join(dir.path, 'kube-cache') }, extendEnv: false });
    const run = await compareImages(['--format', 'json', join(dir.path, 'shop/overlays/staging'), '-'], { home: dir.path, input: built.stdout });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(run.stdout, '{"ghcr.io/acme/web": ["1.3-rc1", "1.2"], "nginx": ["1.27", "1.26"]}');
    const both = await compareImages(['-', '-'], { input: '' });
    assert.equal(both.exitCode, 1);
    assert.match(both.stderr, /Expected at most one of SOURCE and TARGET to be - \(standard input can be read only once\)/);
  });

  test('bad arguments say what is wrong and show the usage', async () => {
    const one = await compareImages([join(dir.path, 'broken')]);
    assert.equal(one.exitCode, 1);
    assert.match(one.stderr, /Expected two paths, SOURCE and TARGET, got 1\n\nUsage: compare-images/);
    const format = await compareImages(['--format=pprint', 'a', 'b']);
    assert.match(format.stderr, /Expected --format to be one of table, json, got `pprint`/);
    const missing = await compareImages([join(dir.path, 'nope'), join(dir.path, 'broken')]);
    assert.equal(missing.exitCode, 1);
    assert.match(missing.stderr, /cannot read .*nope: no such file or directory/);
    const command = await compareImages(['--kustomize-command', "kustomize 'build", 'a', 'b']);
    assert.equal(command.exitCode, 1);
    assert.match(command.stderr, /Expected --kustomize-command to be a command like 'kustomize build', got `kustomize 'build`: a single quote is not closed/);
    const help = await compareImages(['--help']);
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, /Usage: compare-images \[flags\] SOURCE TARGET/);
  });
});
