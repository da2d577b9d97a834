import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { compareImageTags, splitImage } from '../../src/compare-images/compare.js';
import { columnNames, formatJson, formatTable } from '../../src/compare-images/format.js';
import type { ManifestObject } from '../../src/kubediff/manifests/index.js';

function deployment(name: string, ...images: string[]): ManifestObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', name, source: { file: `${name}.yaml`, document: 0 },
    object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { template: { spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } } },
  };
}

const DIGEST = `sha256:${'c'.repeat(64)}`;

describe('compareImageTags', () => {
  test('tags that differ, images on one side only; same tags are not listed', () => {
    const comparison = compareImageTags(
      [deployment('web', 'quay.io/org/web:master-0fc7cc2', 'nginx:1.25'), deployment('grafana', 'grafana/grafana:10.1'), deployment('new', 'quay.io/org/new:v1')],
      [deployment('web', 'quay.io/org/web:master-08fd09d', 'docker.io/library/nginx:1.25'), deployment('grafana', 'grafana/grafana:10.2'), deployment('old', 'quay.io/org/old:v0')],
    );
    assert.deepEqual(comparison.differing, [
      { name: 'grafana/grafana', source: ['10.1'], target: ['10.2'] },
      { name: 'quay.io/org/web', source: ['master-0fc7cc2'], target: ['master-08fd09d'] },
    ]);
    assert.deepEqual(comparison.sourceOnly, [{ name: 'quay.io/org/new', source: ['v1'], target: [] }]);
    assert.deepEqual(comparison.targetOnly, [{ name: 'quay.io/org/old', source: [], target: ['v0'] }]);
  });

  test('the tag part: latest when none, a digest, tag and digest; ports are not tags', () => {
    assert.deepEqual(splitImage('nginx'), { key: 'docker.io/library/nginx', name: 'nginx', tag: 'latest' });
    assert.deepEqual(splitImage(`app@${DIGEST}`), { key: 'docker.io/library/app', name: 'app', tag: DIGEST });
    assert.deepEqual(splitImage(`localhost:5000/app:1@${DIGEST}`), { key: 'localhost:5000/app', name: 'localhost:5000/app', tag: `1@${DIGEST}` });
    assert.deepEqual(splitImage('localhost:5000/app'), { key: 'localhost:5000/app', name: 'localhost:5000/app', tag: 'latest' });
    assert.deepEqual(splitImage('Bad/Name:1'), { key: 'Bad/Name', name: 'Bad/Name', tag: '1' });
  });

  test('several tags of one image on a side compare as a set', () => {
    const comparison = compareImageTags([deployment('a', 'app:1'), deployment('b', 'app:2')], [deployment('a', 'app:2'), deployment('b', 'app:1')]);
    assert.deepEqual(comparison.differing, []);
    const changed = compareImageTags([deployment('a', 'app:1'), deployment('b', 'app:2')], [deployment('a', 'app:3')]);
    assert.deepEqual(changed.differing, [{ name: 'app', source: ['1', '2'], target: ['3'] }]);
  });
});

describe('compare-images outputs', () => {
  const comparison = compareImageTags(
    [deployment('web', 'quay.io/weaveworks/grafana:master-0fc7cc2', 'tomwilkie/prometheus:frankenstein-8a5ec1b', 'only/source:1', 'r.example/caf\u00e9:\u00fc"q\\')],
    [deployment('web', 'quay.io/weaveworks/grafana:master-08fd09d', 'tomwilkie/prometheus:frankenstein-ebe5808', 'only/target:2', 'r.example/caf\u00e9:v2')],
  );

  test("json is byte for byte what weaveworks' tool printed: Python's json.dumps of the differing tags", () => {
    const ours = formatJson(comparison);
    const dict = Object.fromEntries(comparison.differing.map((d) => [d.name, [d.source.join(', '), d.target.join(', ')]]));
    // Python itself is the reference; keys in our order (sorted), as a Python dict keeps them.
    const python = spawnSync('python3', ['-c', 'import json,sys; print(json.dumps(json.loads(sys.stdin.read(), object_pairs_hook=dict)))'], { input: JSON.stringify(dict), encoding: 'utf8' });
    assert.equal(python.error, undefined, 'python3 is needed (Debian package python3)');
    assert.equal(ours, python.stdout);
    assert.equal(ours, '{"quay.io/weaveworks/grafana": ["master-0fc7cc2", "master-08fd09d"], "r.example/caf\\u00e9": ["\\u00fc\\"q\\\\", "v2"], "tomwilkie/prometheus": ["frankenstein-8a5ec1b", "frankenstein-ebe5808"]}\n');
    assert.equal(formatJson({ differing: [], sourceOnly: [], targetOnly: [] }), '{}\n');
  });

  test('the table: weaveworks\' columns, plus the images only one side uses, marked', () => {
    assert.equal(formatTable(comparison, 'dev', 'prod'), [
      'Image                       dev                   prod',
      '--------------------------  --------------------  --------------------',
      'only/source                 1                     (not in prod)',
      'only/target                 (not in dev)          2',
      'quay.io/weaveworks/grafana  master-0fc7cc2        master-08fd09d',
      'r.example/caf\u00e9              \u00fc"q\\                  v2',
      'tomwilkie/prometheus        frankenstein-8a5ec1b  frankenstein-ebe5808',
      '',
    ].join('\n'));
    assert.equal(formatTable({ differing: [], sourceOnly: [], targetOnly: [] }, 'dev', 'prod'), 'The images of dev and prod have the same tags.\n');
  });

  test('columns are named after the folders, or the paths when the folders share a name', () => {
    assert.deepEqual(columnNames('../service-conf/k8s/dev/', '../service-conf/k8s/prod/'), ['dev', 'prod']);
    assert.deepEqual(columnNames('dev/k8s', 'prod/k8s'), ['dev/k8s', 'prod/k8s']);
  });
});
