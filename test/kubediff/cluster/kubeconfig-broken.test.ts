// Broken and hostile kubeconfigs: every one is a ConfigError that names the
// file and says what is wrong, found without reading without bound (a device
// is refused before it is opened, the size cap holds while reading), never a
// TypeError such as "Cannot read properties of undefined". Also where kubediff
// follows kubectl rather than client-node (token files, impersonation groups).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../src/errors.js';
import { loadClusterConfig } from '../../../src/kubediff/cluster/index.js';
import { resolveCredentials } from '../../../src/kubediff/cluster/credentials.js';
import { MAX_KUBECONFIG_BYTES } from '../../../src/kubediff/cluster/kubeconfig-file.js';
import { silentLogger } from '../../../src/log/logger.js';

const dir = mkdtempSync(join(tmpdir(), 'kubediff-kubeconfig-broken-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

function file(content: string | Buffer): string {
  const path = join(dir, `k${counter++}.yaml`);
  writeFileSync(path, content);
  return path;
}

const VALID_CONTEXT = 'contexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n';

function rejects(path: string, message: RegExp, env: NodeJS.ProcessEnv = {}): void {
  assert.throws(
    () => loadClusterConfig({ ...(env.KUBECONFIG ? {} : { kubeconfig: path }), env, homeDir: dir }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError, `a ConfigError, got ${String(err)}`);
      assert.ok(err.message.includes(path), `names ${path}: ${err.message}`);
      assert.match(err.message, message);
      assert.doesNotMatch(err.message, /Cannot read properties|undefined|is not a function/);
      return true;
    },
  );
}

describe('kubeconfigs that are not files', () => {
  test('/dev/zero and /dev/null are refused as devices, before anything is read', () => {
    rejects('/dev/zero', /is a character device, not a regular file/);
    rejects('/dev/null', /is a character device, not a regular file/);
  });

  test('a symbolic link to /dev/zero, a FIFO and a directory are refused', () => {
    const link = join(dir, 'link.yaml');
    symlinkSync('/dev/zero', link);
    rejects(link, /character device/);
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    rejects(fifo, /FIFO/);
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    rejects(folder, /directory/);
  });

  test('a device in KUBECONFIG is refused naming KUBECONFIG', () => {
    assert.throws(
      () => loadClusterConfig({ env: { KUBECONFIG: `/dev/zero:${join(dir, 'absent')}` }, homeDir: dir }),
      (err) => err instanceof ConfigError && err.flag === 'KUBECONFIG' && /\/dev\/zero is a character device/.test(err.message),
    );
  });

  test('a file larger than the cap is refused while reading', () => {
    rejects(file(Buffer.alloc(MAX_KUBECONFIG_BYTES + 1, 0x20)), /holds more than 8 MiB/);
  });
});

describe('kubeconfigs that are files but not kubeconfigs', () => {
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['an empty file', '', /is empty: no clusters, users or contexts/],
    ['only a comment', '# nothing here\n', /is empty/],
    ['a list', '- a\n- b\n', /the file must be a mapping, found a list/],
    ['a string', 'hello\n', /the file must be a mapping, found a string/],
    ['clusters as a mapping', `clusters: {c: {server: https://x}}\n${VALID_CONTEXT}`, /clusters must be a list, found a mapping/],
    ['a cluster that is a string', `clusters: [c]\n${VALID_CONTEXT}`, /clusters\[0\] must be a mapping, found a string/],
    ['a cluster without a server', `clusters:\n- name: c\n  cluster: {}\n${VALID_CONTEXT}`, /clusters\[0\] "c": server is missing/],
    ['a cluster without its cluster mapping', `clusters:\n- name: c\n${VALID_CONTEXT}`, /clusters\[0\] "c": cluster is missing/],
    ['a server that is a number', `clusters:\n- name: c\n  cluster: {server: 8443}\n${VALID_CONTEXT}`, /server must be a string, found a number/],
    ['a token that is a list', `clusters:\n- name: c\n  cluster: {server: https://x}\nusers:\n- name: u\n  user: {token: [a]}\n${VALID_CONTEXT}`, /users\[0\] "u": token must be a string, found a list/],
    ['a context without its context mapping', 'contexts:\n- name: x\ncurrent-context: x\n', /contexts\[0\] "x": context is missing/],
    ['an unnamed user', `users:\n- user: {token: t}\n${VALID_CONTEXT}`, /users\[0\].name is missing/],
    ['an exec plugin without a command', `users:\n- name: u\n  user: {exec: {apiVersion: client.authentication.k8s.io/v1}}\n${VALID_CONTEXT}`, /exec.command is missing/],
    ['binary bytes', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe]), /cannot read kubeconfig .*: line 1/],
  ];
  for (const [what, content, message] of cases) {
    test(what, () => rejects(file(content), message));
  }
});

describe('where kubediff reads as kubectl, not as client-node', () => {
  const cluster = 'clusters:\n- name: c\n  cluster: {server: "https://10.0.0.1", insecure-skip-tls-verify: true, certificate-authority-data: Y2E=}\n';

  test('a token file is relative to the kubeconfig, and its final newline is not sent', async () => {
    const sub = join(dir, 'relative');
    mkdirSync(sub);
    writeFileSync(join(sub, 'token'), 'file-token\n');
    writeFileSync(join(sub, 'config'), `${cluster}users:\n- name: u\n  user: {token-file: token}\n${VALID_CONTEXT}`);
    const config = loadClusterConfig({ kubeconfig: join(sub, 'config'), env: {}, homeDir: dir });
    assert.equal((await resolveCredentials(config, { logger: silentLogger })).headers.Authorization, 'Bearer file-token');
  });

  test('a missing token file is a ConfigError naming it', () => {
    const path = file(`${cluster}users:\n- name: u\n  user: {token-file: no-such-token}\n${VALID_CONTEXT}`);
    assert.throws(() => loadClusterConfig({ kubeconfig: path, env: {}, homeDir: dir }), (err) => err instanceof ConfigError && err.message.includes(join(dir, 'no-such-token')));
  });

  test('impersonation sends the user, uid, groups and extra fields', async () => {
    const path = file(`${cluster}users:\n- name: u\n  user:\n    token: t\n    as: jane\n    as-uid: "42"\n    as-groups: [devs, ops]\n    as-user-extra: {"scopes.example/x y": [a, b]}\n${VALID_CONTEXT}`);
    const { headers } = await resolveCredentials(loadClusterConfig({ kubeconfig: path, env: {}, homeDir: dir }), { logger: silentLogger });
    assert.deepEqual(headers, {
      Authorization: 'Bearer t',
      'Impersonate-User': 'jane',
      'Impersonate-Uid': '42',
      'Impersonate-Group': ['devs', 'ops'],
      'Impersonate-Extra-scopes.example%2Fx%20y': ['a', 'b'],
    });
  });

  test('a context without a user still gets the cluster CA and skip-verify', async () => {
    const path = file(`${cluster}contexts:\n- name: x\n  context: {cluster: c}\ncurrent-context: x\n`);
    const { headers, tls } = await resolveCredentials(loadClusterConfig({ kubeconfig: path, env: {}, homeDir: dir }), { logger: silentLogger });
    assert.deepEqual(headers, {});
    assert.equal(tls.ca?.toString(), 'ca');
    assert.equal(tls.rejectUnauthorized, false);
  });
});
