import assert from 'node:assert/strict';
import { test } from 'node:test';
import YAML from 'yaml';
import { toYamlText } from '../../../src/kubediff/compare/yaml-text.js';

const tricky = [
  '', ' ', 'a', 'true', 'True', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'null', 'Null', '~', '-', '- a', '-a', '?', ':', 'a:', 'a: b', 'a:b',
  'a #b', 'a#b', '#', '!tag', '&anchor', '*alias', '<<', '=', '|', '>', '%', '@', '`', '"', "'", '[a]', '{a}', ',', 'a, b',
  '0', '1', '-1', '+1', '1.5', '.5', '1e3', '0x1F', '0o17', '017', '1_000', '1:20', '.inf', '-.inf', '.nan', '.NaN', 'Infinity',
  '2024-01-02', '2024-01-02T03:04:05Z', '25%', '8080', 'nginx:1.25', 'gcr.io/x/y:1.0@sha256:ab', '/dev/termination-log',
  'trailing ', ' leading', 'tab\there', 'line\nbreak', 'line\nbreak\n', 'two\n\n', 'three\n\n\n', '\nfirst empty', '  indented\nnext',
  'x\n  indented later\n', 'cr\r\nlf', 'ctrl\u0001', 'unicode é ✓', 'emoji 🙂', 'A very long line '.repeat(20), 'key=value', '$HOME', '100m', '1Gi',
];

test('every string reads back exactly, in YAML 1.1 and 1.2', () => {
  for (const text of tricky) {
    const value = { key: text, list: [text, { nested: text }], [text || 'empty']: 1 };
    const yaml = toYamlText(value);
    for (const version of ['1.1', '1.2'] as const) {
      assert.deepEqual(YAML.parse(yaml, { version }), value, `${JSON.stringify(text)} (${version}):\n${yaml}`);
    }
  }
});

test('objects read back exactly', () => {
  const value = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' }, annotations: {} },
    spec: {
      replicas: 0,
      paused: false,
      ratio: 1.5,
      big: 12345678901234,
      nothing: null,
      empty: [],
      template: { spec: { containers: [{ name: 'app', args: ['--a', ['nested', []], {}], env: [{ name: 'A', value: '' }] }] } },
      matrix: [[1, 2], [[3]], []],
      config: 'server {\n  listen 80;\n}\n',
    },
  };
  const yaml = toYamlText(value);
  assert.deepEqual(YAML.parse(yaml), value, yaml);
  assert.deepEqual(YAML.parse(yaml, { version: '1.1' }), value, yaml);
});

test('reads like kubectl get -o yaml', () => {
  assert.equal(
    toYamlText({ metadata: { name: 'web' }, spec: { ports: [{ port: 80, name: 'http' }], config: 'a\nb\n', flag: 'true' } }),
    ['metadata:', '  name: web', 'spec:', '  ports:', '    - port: 80', '      name: http', '  config: |', '    a', '    b', '  flag: "true"', ''].join('\n'),
  );
  assert.equal(toYamlText(undefined), '');
  assert.equal(toYamlText({}), '{}\n');
});
