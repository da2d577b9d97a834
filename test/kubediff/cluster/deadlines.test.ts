// One deadline model: a check waits on the cluster for as long as the run
// allows (its signal: prom-run's -timeout, a shutdown, Ctrl-C) and, when set,
// --request-timeout; there is no hidden limit besides (a hidden 60 s used to
// fail every run against a slow server, whatever -timeout said). While it
// waits long, a log line says so.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiServer } from '../../support/apiserver/index.js';
import { objectKey } from '../../../src/kubediff/cluster/index.js';
import { ClusterError } from '../../../src/errors.js';
import type { Logger } from '../../../src/log/logger.js';
import type { ObjectRef } from '../../../src/kubediff/result.js';
import { configMap, countsOf, readerFor, startServer } from './harness.js';

const settings: ObjectRef = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'settings' };

function recordingLogger(): { logger: Logger; lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> } {
  const lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];
  return { lines, logger: { log: (level, msg, fields = {}) => lines.push({ level, msg, fields }) } };
}

describe('deadlines', () => {
  let server: ApiServer;
  before(async () => {
    server = await startServer();
    server.apply(configMap('default', 'settings'));
  });
  beforeEach(() => {
    server.faults.clear();
    server.faults.latencyMs = 0;
    server.requestLog.clear();
  });
  after(() => server.close());

  test('a slow server is waited for, and a log line says so while it is', async () => {
    server.faults.latencyMs = 1500;
    const { logger, lines } = recordingLogger();
    const reader = readerFor(server, { logger, slowAfterMs: 300 });
    const results = await reader.fetchObjects([settings], await reader.discover());
    reader.close();
    assert.ok('object' in (results.get(objectKey(settings)) ?? {}));
    const waiting = lines.filter((l) => l.msg === 'still waiting for the Kubernetes API server');
    assert.ok(waiting.length >= 1, JSON.stringify(lines));
    assert.equal(waiting[0]?.level, 'warn');
    assert.equal(waiting[0]?.fields.server, server.url);
    assert.match(String(waiting[0]?.fields.oldest), /^(discovery|get) \/api/);
    assert.ok(Number(waiting[0]?.fields.requests_waiting) >= 1);
  });

  test('without --request-timeout, a request that hangs is ended by the run signal alone, and not retried meanwhile', async () => {
    server.faults.failNext({ hang: true, verb: 'get', resource: 'configmaps' });
    const controller = new AbortController();
    const reader = readerFor(server, { signal: controller.signal });
    const discovery = await reader.discover();
    const pending = reader.fetchObjects([settings], discovery);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    controller.abort(new Error('run timed out after 1.5s'));
    const result = (await pending).get(objectKey(settings));
    reader.close();
    assert.ok(result && 'error' in result);
    assert.equal(result.error.reason, 'aborted');
    assert.match(result.error.message, /run timed out after 1.5s/);
    assert.equal(server.requestLog.count({ verb: 'get', resource: 'configmaps' }), 1, 'one attempt, waited for, not cut short');
  });

  test('--request-timeout ends every request and retry of the check when it runs out, and says so', async () => {
    server.faults.failNext({ hang: true, verb: 'get', resource: 'configmaps' });
    const reader = readerFor(server, { deadlineMs: 1200 });
    const results = await reader.fetchObjects([settings], await reader.discover());
    reader.close();
    const result = results.get(objectKey(settings));
    assert.ok(result && 'error' in result);
    assert.ok(result.error instanceof ClusterError);
    assert.equal(result.error.reason, 'deadline');
    assert.match(result.error.message, /no answer within --request-timeout=1\.2s/);
    assert.equal(countsOf(reader)['get error'], 1);
  });
});
