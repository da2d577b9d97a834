// compare-images as people run it: the real program (through tsx) on two
// manifest trees, as weaveworks' README showed it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { makeTempDir, type TempDir } from '../kubediff/helpers/temp.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

async function compareImages(args: readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const result = await execa(process.execPath, ['--import', 'tsx', `${REPO}cmd/compare-images.ts`, ...args], { reject: false, cwd: REPO, timeout: 120_000, env: { PATH: process.env.PATH } , extendEnv: false });
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

  test('bad arguments say what is wrong and show the usage', async () => {
    const one = await compareImages([join(dir.path, 'broken')]);
    assert.equal(one.exitCode, 1);
    assert.match(one.stderr, /Expected two paths, SOURCE and TARGET, got 1\n\nUsage: compare-images/);
    const format = await compareImages(['--format=pprint', 'a', 'b']);
    assert.match(format.stderr, /Expected --format to be one of table, json, got `pprint`/);
    const missing = await compareImages([join(dir.path, 'nope'), join(dir.path, 'broken')]);
    assert.equal(missing.exitCode, 1);
    assert.match(missing.stderr, /cannot read .*nope: no such file or directory/);
    const help = await compareImages(['--help']);
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, /Usage: compare-images \[flags\] SOURCE TARGET/);
  });
});
