import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceInfo } from '../../../src/kubediff/cluster/discovery.js';
import { planFetch, type FetchStep, type WantedObject } from '../../../src/kubediff/cluster/fetch-plan.js';
import { objectKey } from '../../../src/kubediff/cluster/index.js';

const deployments: ResourceInfo = { resource: 'deployments', namespaced: true, group: 'apps', version: 'v1', kind: 'Deployment', verbs: ['get', 'list'] };
const roles: ResourceInfo = { resource: 'clusterroles', namespaced: false, group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', verbs: [] };
const getOnly: ResourceInfo = { resource: 'things', namespaced: true, group: 'x.io', version: 'v1', kind: 'Thing', verbs: ['get'] };

function want(info: ResourceInfo, namespace: string | undefined, count: number): WantedObject[] {
  return Array.from({ length: count }, (_, i) => {
    const ref = { apiVersion: `${info.group}/${info.version}`, kind: info.kind, namespace, name: `o${i}` };
    return { key: objectKey(ref), ref, info };
  });
}

function summary(steps: FetchStep[]): string[] {
  return steps
    .map((s) =>
      s.kind === 'get'
        ? `get ${s.object.info.resource} ${s.object.ref.namespace ?? '-'}/${s.object.ref.name}`
        : s.kind === 'list'
          ? `list ${s.info.resource} ${s.namespace ?? '*'} (${s.objects.length})`
          : `list-all ${s.info.resource} (${s.objects.length}, fallback ${s.fallback.length})`,
    )
    .sort();
}

describe('planFetch', () => {
  test('few objects of a type in a namespace are fetched with GETs', () => {
    assert.deepEqual(summary(planFetch(want(deployments, 'a', 2))), ['get deployments a/o0', 'get deployments a/o1']);
  });

  test('many objects of a type in a namespace are fetched with one LIST', () => {
    assert.deepEqual(summary(planFetch(want(deployments, 'a', 3))), ['list deployments a (3)']);
  });

  test('a type listed in many namespaces is listed once across all namespaces, with the per-namespace plan as fallback', () => {
    const wanted = ['a', 'b', 'c', 'd', 'e'].flatMap((ns) => want(deployments, ns, 4)).concat(want(deployments, 'f', 1));
    const steps = planFetch(wanted);
    assert.deepEqual(summary(steps), ['list-all deployments (21, fallback 6)']);
  });

  test('below the namespace threshold each namespace is planned on its own', () => {
    const wanted = ['a', 'b', 'c', 'd'].flatMap((ns) => want(deployments, ns, 4)).concat(want(deployments, 'f', 1));
    assert.deepEqual(summary(planFetch(wanted)), [
      'get deployments f/o0',
      'list deployments a (4)',
      'list deployments b (4)',
      'list deployments c (4)',
      'list deployments d (4)',
    ]);
  });

  test('cluster-scoped types are listed without a namespace, and thresholds are configurable', () => {
    assert.deepEqual(summary(planFetch(want(roles, undefined, 3))), ['list clusterroles * (3)']);
    assert.deepEqual(summary(planFetch(want(roles, undefined, 3), { listMinObjects: 4, allNamespacesMin: 5 })), [
      'get clusterroles -/o0',
      'get clusterroles -/o1',
      'get clusterroles -/o2',
    ]);
  });

  test('a type the server does not list is fetched with GETs', () => {
    assert.equal(planFetch(want(getOnly, 'a', 10)).filter((s) => s.kind === 'get').length, 10);
  });
});
