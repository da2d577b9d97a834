// The API server's name formats, per kind, as its validation has them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameProblem, nameRuleFor, pathSegmentProblem } from '../../../src/kubediff/identity/index.js';

const valid = (apiVersion: string, kind: string, name: string) => nameProblem(name, nameRuleFor(apiVersion, kind)) === undefined;

test('. and .. are never names, nor anything holding / or %, whatever the kind', () => {
  for (const [apiVersion, kind] of [['v1', 'ConfigMap'], ['rbac.authorization.k8s.io/v1', 'ClusterRole'], ['example.com/v1', 'Widget'], ['user.openshift.io/v1', 'Identity']]) {
    for (const name of ['.', '..', 'a/b', '../x', 'a%2fb', '%']) assert.equal(valid(apiVersion!, kind!, name), false, `${kind} ${name}`);
  }
  assert.equal(pathSegmentProblem('..'), "may not be '..'");
});

test('most kinds, custom resources included, take DNS-1123 subdomains of at most 253 characters', () => {
  for (const [apiVersion, kind] of [['v1', 'ConfigMap'], ['v1', 'Secret'], ['apps/v1', 'Deployment'], ['v1', 'ServiceAccount'], ['example.com/v1', 'Widget'], ['gateway.networking.k8s.io/v1', 'Gateway']]) {
    assert.ok(valid(apiVersion!, kind!, 'web-1.example'), `${kind}`);
    assert.ok(valid(apiVersion!, kind!, 'a'.repeat(253)));
    for (const name of ['Bad_Name!', 'a?x', 'UPPER', '-lead', 'trail-', 'a..b', 'a b', 'a'.repeat(254), 'x'.repeat(100_000), 'a\nb', '']) {
      assert.equal(valid(apiVersion!, kind!, name), false, `${kind} ${JSON.stringify(name.slice(0, 20))}`);
    }
  }
  assert.match(nameProblem('x'.repeat(100_000), nameRuleFor('v1', 'ConfigMap')) ?? '', /no more than 253 characters \(it has 100000\)/);
});

test('Namespaces are DNS labels, Services RFC 1035 labels (a leading digit refused), both at most 63', () => {
  assert.ok(valid('v1', 'Namespace', '1team'));
  assert.equal(valid('v1', 'Namespace', 'team.a'), false);
  assert.equal(valid('v1', 'Namespace', 'a'.repeat(64)), false);
  assert.ok(valid('v1', 'Service', 'web'));
  assert.equal(valid('v1', 'Service', '1web'), false);
  assert.equal(valid('v1', 'Service', 'web.example'), false);
  assert.equal(valid('v1', 'Service', 'a'.repeat(64)), false);
});

test('RBAC kinds and OpenShift groups take any path segment (system:controller:x), CronJobs at most 52, CSIDrivers any case up to 63', () => {
  for (const kind of ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']) {
    assert.ok(valid('rbac.authorization.k8s.io/v1', kind, 'system:controller:Job_Runner'), kind);
  }
  assert.ok(valid('user.openshift.io/v1', 'Identity', 'github:12345'));
  assert.ok(valid('batch/v1', 'CronJob', 'a'.repeat(52)));
  assert.equal(valid('batch/v1', 'CronJob', 'a'.repeat(53)), false);
  assert.ok(valid('batch/v1', 'Job', 'a'.repeat(53)));
  assert.ok(valid('storage.k8s.io/v1', 'CSIDriver', 'EBS.csi.aws.com'));
  assert.equal(valid('storage.k8s.io/v1', 'CSIDriver', `${'a'.repeat(60)}.com`), false);
});
