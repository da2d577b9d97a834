// The real kubectl against the emulated server over HTTPS: the CA from the
// kubeconfig is trusted, the bearer token is required, and a wrong token
// gets the 401 kubectl reports as "You must be logged in to the server".
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { createKubectl, type Kubectl } from './kubectl.js';

describe('kubectl over HTTPS with a bearer token', () => {
  let server: ApiServer;
  let kubectl: Kubectl;
  let dir: string;

  before(async () => {
    server = await startApiServer({ tls: true, token: 'right-token' });
    kubectl = await createKubectl(server.kubeconfigPath);
    dir = await mkdtemp(join(tmpdir(), 'kubediff-kubectl-tls-'));
  });
  after(async () => {
    await kubectl.cleanup();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('the right token lists namespaces', async () => {
    const result = await kubectl.run(['get', 'namespaces', '-o', 'name']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^namespace\/default$/m);
    assert.ok(server.requestLog.count({ resource: 'namespaces', verb: 'list', authorization: 'bearer', code: 200 }) >= 1);
  });

  test('a wrong token gets 401 Unauthorized', async () => {
    const wrong = join(dir, 'wrong-token');
    await server.writeKubeconfig(wrong, { token: 'wrong-token' });
    const result = await kubectl.run(['get', 'namespaces'], { kubeconfig: wrong });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error: You must be logged in to the server \(Unauthorized\)/);
    assert.ok(server.requestLog.count({ code: 401 }) >= 1);
  });
});
