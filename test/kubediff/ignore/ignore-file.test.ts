// The ignore file: rules by object, path (globs) and field manager; a bad
// file is an error naming the file, the rule and the key.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IgnoreFileError, ignoreFor, parseIgnoreFile } from '../../../src/kubediff/ignore/index.js';
import { compilePathPattern } from '../../../src/kubediff/ignore/path-glob.js';
import { parseLabelSelector } from '../../../src/kubediff/ignore/label-selector.js';
import type { ObjectRef } from '../../../src/kubediff/result.js';

const FILE = '/repo/.kubediff-ignore.yaml';
const web: ObjectRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web-frontend' };
const none = (): readonly string[] => [];

function badFile(text: string): IgnoreFileError {
  try {
    parseIgnoreFile(text, FILE);
  } catch (error) {
    assert.ok(error instanceof IgnoreFileError, `expected an IgnoreFileError, got ${String(error)}`);
    assert.equal(error.file, FILE);
    assert.ok(error.message.includes(FILE), error.message);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(text)} to be refused`);
}

describe('path patterns', () => {
  test('exact paths, * for one segment, ** for any, * inside a segment; a path covers what is below it', () => {
    const matches = (pattern: string, path: string): boolean => compilePathPattern(pattern).matches(path);
    assert.ok(matches('.spec.replicas', '.spec.replicas'));
    assert.ok(!matches('.spec.replicas', '.spec.replicasX'));
    assert.ok(matches('.metadata.labels', '.metadata.labels.team'));
    assert.ok(matches('.spec.template.spec.containers[*].image', '.spec.template.spec.containers[name=app].image'));
    assert.ok(matches('.spec.template.spec.containers[name=istio-*]', '.spec.template.spec.containers[name=istio-proxy].image'));
    assert.ok(!matches('.spec.template.spec.containers[name=istio-*]', '.spec.template.spec.containers[name=app].image'));
    assert.ok(matches('.**.image', '.spec.template.spec.initContainers[name=init].image'));
    assert.ok(matches('.metadata.annotations["sidecar.istio.io/status"]', '.metadata.annotations["sidecar.istio.io/status"]'));
    assert.ok(!matches('.spec.*', '.status'));
  });

  test('patterns that are not paths are refused with the reason', () => {
    for (const bad of ['spec.replicas', '.spec..replicas', '.spec[name=x', '.a.b**', '']) assert.throws(() => compilePathPattern(bad), Error, bad);
    assert.throws(() => compilePathPattern('.**.**.**.**.**.x'), /\*\* segments/);
  });
});

describe('label selectors', () => {
  test('equality, sets and existence, all of them', () => {
    const labels = { app: 'web', tier: 'front', canary: 'true' };
    assert.ok(parseLabelSelector('app=web,tier in (front, back),canary').matches(labels));
    assert.ok(parseLabelSelector('app==web,env!=prod,!experimental').matches(labels));
    assert.ok(!parseLabelSelector('tier notin (front)').matches(labels));
    assert.ok(!parseLabelSelector('app=api').matches(labels));
  });

  test('a selector kubectl would refuse is refused', () => {
    for (const bad of ['', 'app=web,,tier=x', 'app in (a', 'app=we b', '-bad=x']) assert.throws(() => parseLabelSelector(bad), Error, bad);
  });
});

describe('parseIgnoreFile', () => {
  const rules = parseIgnoreFile(
    [
      'rules:',
      '- name: keda-scales-web',
      '  match: {kind: Deployment, namespace: shop, name: "web-*"}',
      '  paths: [".spec.replicas"]',
      '- name: istio-injection',
      '  managers: ["istio-sidecar-injector"]',
      '- name: canary-images',
      '  match: {labelSelector: "track=canary"}',
      '  paths: [".spec.template.spec.containers[*].image"]',
    ].join('\n'),
    FILE,
  );

  test('a rule applies to the objects it matches, at the paths it names, in the fields its managers own', () => {
    const ignore = ignoreFor(rules, web, {});
    assert.equal(ignore?.ruleFor('.spec.replicas', none), 'ignore:keda-scales-web');
    assert.equal(ignore?.ruleFor('.spec.paused', none), undefined);
    assert.equal(ignore?.ruleFor('.spec.paused', () => ['istio-sidecar-injector']), 'ignore:istio-injection');
    assert.equal(ignoreFor(rules, { ...web, name: 'api' }, {})?.ruleFor('.spec.replicas', none), undefined);
    assert.equal(ignoreFor(rules, { ...web, name: 'api' }, { track: 'canary' })?.ruleFor('.spec.template.spec.containers[name=app].image', none), 'ignore:canary-images');
    assert.equal(ignoreFor(rules, { apiVersion: 'v1', kind: 'Namespace', name: 'shop' }, {})?.ruleFor('.metadata.labels.x', none), undefined);
  });

  test('a bad file says which file, rule and key', () => {
    assert.match(badFile('rules: [').message, /not YAML/);
    assert.equal(badFile('rule: []').key, 'rule');
    assert.equal(badFile('rules: {}').key, 'rules');
    const unknown = badFile('rules:\n- name: a\n  pathz: [".x"]\n');
    assert.deepEqual([unknown.rule, unknown.key], ['"a"', 'pathz']);
    const glob = badFile('rules:\n- name: a\n  paths: ["spec.replicas"]\n');
    assert.deepEqual([glob.rule, glob.key], ['"a"', 'paths']);
    const selector = badFile('rules:\n- name: a\n  match: {labelSelector: "app in (x"}\n');
    assert.deepEqual([selector.rule, selector.key], ['"a"', 'match.labelSelector']);
    assert.deepEqual([badFile('rules:\n- name: a\n  match: {knd: X}\n').key], ['match.knd']);
    assert.deepEqual([badFile('rules:\n- match: {kind: X}\n').rule], ['#1']);
    assert.equal(badFile('rules:\n- name: a\n  paths: [".x"]\n- name: a\n  paths: [".y"]\n').key, 'name');
    assert.match(badFile('rules:\n- name: a\n').message, /says nothing to ignore/);
    assert.equal(badFile('rules:\n- name: a\n  managers: []\n').key, 'managers');
  });

  test('a YAML error does not quote the file (it may hold what it should not)', () => {
    const error = badFile('rules:\n- name: a\n  paths: [".x"\n  secret: hunter2-value\n');
    assert.ok(!error.message.includes('hunter2'), error.message);
  });
});
