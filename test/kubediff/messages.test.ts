// Errors a person reads say what to do, not only what the API server said.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCheck } from '../../src/kubediff/check.js';
import { silentLogger } from '../../src/log/logger.js';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { makeTempDir, type TempDir } from './helpers/temp.js';

let server: ApiServer;
let dir: TempDir;
before(async () => {
  server = await startApiServer();
  dir = await makeTempDir();
});
after(async () => {
  await server.close();
  await dir.remove();
});

test('a 403 says to grant get and list; an unserved kind says to install its CRD or fix apiVersion/kind', async () => {
  const root = await dir.write({
    'm/a.yaml': [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' } },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } },
    ].map((o) => JSON.stringify(o)).join('\n---\n'),
  });
  server.faults.forbid({ resource: 'secrets' });
  const report = await runCheck({ paths: [join(root, 'm')], kubeconfig: server.kubeconfigPath, env: {}, homeDir: dir.path }, { logger: silentLogger });
  const [secret, widget] = report.objects;
  assert.equal(secret?.error?.kind, 'forbidden');
  assert.match(secret?.error?.message ?? '', /HTTP 403.*: kubediff needs get and list on every kind it checks: grant them to this user \(k8s\/rbac\.yaml/);
  assert.equal(widget?.error?.kind, 'unserved');
  assert.match(widget?.error?.message ?? '', /is served: install its CustomResourceDefinition \(or API service\), or fix apiVersion and kind; `kubectl api-resources` lists/);
});

test('an unreachable cluster says what to look at', async () => {
  const gone = await startApiServer();
  const kubeconfig = join(dir.path, 'kubeconfig-gone');
  await gone.writeKubeconfig(kubeconfig);
  await gone.close();
  const root = await dir.write({ 'u/a.yaml': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } }) });
  const report = await runCheck({ paths: [join(root, 'u')], kubeconfig, env: {}, homeDir: dir.path }, { logger: silentLogger });
  assert.match(report.errors[0]?.message ?? '', /cannot reach the Kubernetes API server at 127\.0\.0\.1:\d+ .*\(is the cluster up, and is the server address of the kubeconfig context right\?\)$/);
});
