// The request log: filters, counters, and a bound on its size.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestLog, type LoggedRequest } from '../support/apiserver/index.js';

function entry(fields: Partial<LoggedRequest>): LoggedRequest {
  return { method: 'GET', path: '/', query: '', verb: 'get', group: '', version: 'v1', resource: '', subresource: '', namespace: '', name: '', code: 200, userAgent: '', authorization: 'none', ...fields };
}

test('filters by any field and a path pattern; counts by verb, resource and code', () => {
  const log = new RequestLog();
  log.record(entry({ verb: 'list', resource: 'pods', path: '/api/v1/pods' }));
  log.record(entry({ verb: 'list', resource: 'pods', path: '/api/v1/pods', code: 503 }));
  log.record(entry({ verb: 'get', resource: 'deployments', subresource: 'scale', path: '/apis/apps/v1/namespaces/a/deployments/x/scale' }));
  log.record(entry({ path: '/version' }));
  assert.equal(log.count({ verb: 'list' }), 2);
  assert.equal(log.count({ path: /\/scale$/ }), 1);
  assert.deepEqual(log.counts(), { 'list pods 200': 1, 'list pods 503': 1, 'get deployments/scale 200': 1, 'get /version 200': 1 });
  log.clear();
  assert.equal(log.count(), 0);
});

test('keeps the newest entries only', () => {
  const log = new RequestLog(10);
  for (let i = 0; i < 25; i++) log.record(entry({ path: `/p${i}` }));
  assert.ok(log.entries.length <= 11);
  assert.equal(log.entries.at(-1)?.path, '/p24');
});
