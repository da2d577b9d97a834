import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../src/errors.js';
import { loadClusterConfig } from '../../../src/kubediff/cluster/index.js';
import { resolveCredentials } from '../../../src/kubediff/cluster/credentials.js';
import { silentLogger } from '../../../src/log/logger.js';

const root = mkdtempSync(join(tmpdir(), 'kubediff-kubeconfig-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

function dir(): string {
  const d = join(root, String(counter++));
  mkdirSync(d, { recursive: true });
  return d;
}

interface Ctx {
  name: string;
  cluster: string;
  server: string;
  namespace?: string;
  token?: string;
  ca?: string;
}

function kubeconfig(contexts: Ctx[], current?: string): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const c of contexts) {
    lines.push(`- name: ${c.cluster}`, '  cluster:', `    server: ${c.server}`);
    if (c.ca) lines.push(`    certificate-authority: ${c.ca}`);
  }
  lines.push('users:');
  for (const c of contexts) lines.push(`- name: user-${c.name}`, '  user:', `    token: ${c.token ?? 'none'}`);
  lines.push('contexts:');
  for (const c of contexts) {
    lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.cluster}`, `    user: user-${c.name}`);
    if (c.namespace) lines.push(`    namespace: ${c.namespace}`);
  }
  if (current) lines.push(`current-context: ${current}`);
  return `${lines.join('\n')}\n`;
}

function write(folder: string, name: string, text: string): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}

async function bearer(config: ReturnType<typeof loadClusterConfig>): Promise<string | undefined> {
  return (await resolveCredentials(config, { logger: silentLogger })).headers.Authorization as string | undefined;
}

describe('loadClusterConfig', () => {
  test('--kubeconfig wins over KUBECONFIG and ~/.kube/config', () => {
    const home = dir();
    mkdirSync(join(home, '.kube'));
    write(join(home, '.kube'), 'config', kubeconfig([{ name: 'home', cluster: 'h', server: 'https://home:6443' }], 'home'));
    const env = write(dir(), 'env.yaml', kubeconfig([{ name: 'env', cluster: 'e', server: 'https://env:6443' }], 'env'));
    const flag = write(dir(), 'flag.yaml', kubeconfig([{ name: 'flag', cluster: 'f', server: 'https://flag:6443', namespace: 'team' }], 'flag'));
    const config = loadClusterConfig({ kubeconfig: flag, env: { KUBECONFIG: env }, homeDir: home });
    assert.equal(config.contextName, 'flag');
    assert.equal(config.server, 'https://flag:6443');
    assert.equal(config.namespace, 'team');
  });

  test('KUBECONFIG wins over ~/.kube/config', () => {
    const home = dir();
    mkdirSync(join(home, '.kube'));
    write(join(home, '.kube'), 'config', kubeconfig([{ name: 'home', cluster: 'h', server: 'https://home:6443' }], 'home'));
    const env = write(dir(), 'env.yaml', kubeconfig([{ name: 'env', cluster: 'e', server: 'https://env:6443' }], 'env'));
    assert.equal(loadClusterConfig({ env: { KUBECONFIG: env }, homeDir: home }).contextName, 'env');
    assert.equal(loadClusterConfig({ env: {}, homeDir: home }).contextName, 'home');
  });

  test('KUBECONFIG files merge like kubectl: the first to define a name or current-context wins, missing files are skipped', async () => {
    const d = dir();
    const first = write(d, 'a.yaml', kubeconfig([{ name: 'shared', cluster: 'c1', server: 'https://one:6443', token: 'first' }]));
    const second = write(
      d,
      'b.yaml',
      kubeconfig(
        [
          { name: 'shared', cluster: 'c2', server: 'https://two:6443', token: 'second' },
          { name: 'other', cluster: 'c3', server: 'https://three:6443', namespace: 'ops', token: 'third' },
        ],
        'shared',
      ),
    );
    const third = write(d, 'c.yaml', kubeconfig([{ name: 'late', cluster: 'c4', server: 'https://four:6443' }], 'late'));
    const list = [join(d, 'missing.yaml'), first, second, third].join(':');
    const config = loadClusterConfig({ env: { KUBECONFIG: list }, homeDir: dir() });
    assert.equal(config.contextName, 'shared', 'current-context from the first file that sets it');
    assert.equal(config.server, 'https://one:6443', 'the first definition of "shared" wins');
    assert.equal(await bearer(config), 'Bearer first');
    const other = loadClusterConfig({ env: { KUBECONFIG: list }, homeDir: dir(), context: 'other' });
    assert.equal(other.server, 'https://three:6443');
    assert.equal(other.namespace, 'ops');
    assert.equal(await bearer(other), 'Bearer third');
  });

  test('the namespace is the context namespace, else default', () => {
    const file = write(dir(), 'k.yaml', kubeconfig([{ name: 'a', cluster: 'a', server: 'https://a:1' }], 'a'));
    assert.equal(loadClusterConfig({ kubeconfig: file, env: {}, homeDir: dir() }).namespace, 'default');
  });

  test('an unknown --context is a ConfigError naming --context', () => {
    const file = write(dir(), 'k.yaml', kubeconfig([{ name: 'a', cluster: 'a', server: 'https://a:1' }], 'a'));
    assert.throws(
      () => loadClusterConfig({ kubeconfig: file, context: 'nope', env: {}, homeDir: dir() }),
      (err) => err instanceof ConfigError && err.flag === '--context' && /nope/.test(err.message),
    );
  });

  test('no current-context and no --context is a ConfigError naming --context', () => {
    const file = write(dir(), 'k.yaml', kubeconfig([{ name: 'a', cluster: 'a', server: 'https://a:1' }]));
    assert.throws(
      () => loadClusterConfig({ kubeconfig: file, env: {}, homeDir: dir() }),
      (err) => err instanceof ConfigError && err.flag === '--context',
    );
  });

  test('a missing --kubeconfig file, unparsable YAML and a missing CA file are ConfigErrors', () => {
    const d = dir();
    assert.throws(
      () => loadClusterConfig({ kubeconfig: join(d, 'absent'), env: {}, homeDir: d }),
      (err) => err instanceof ConfigError && err.flag === '--kubeconfig',
    );
    const bad = write(d, 'bad.yaml', 'clusters: [\n  - : :\n');
    assert.throws(
      () => loadClusterConfig({ kubeconfig: bad, env: {}, homeDir: d }),
      (err) => err instanceof ConfigError && err.flag === '--kubeconfig' && err.message.includes(bad),
    );
    const noCa = write(d, 'noca.yaml', kubeconfig([{ name: 'a', cluster: 'a', server: 'https://a:1', ca: 'ca.crt' }], 'a'));
    assert.throws(
      () => loadClusterConfig({ kubeconfig: noCa, env: {}, homeDir: d }),
      (err) => err instanceof ConfigError && err.message.includes(join(d, 'ca.crt')),
    );
  });

  test('a relative certificate-authority path is relative to its kubeconfig file', async () => {
    const d = dir();
    write(d, 'ca.crt', 'not really a certificate');
    const file = write(d, 'k.yaml', kubeconfig([{ name: 'a', cluster: 'a', server: 'https://a:1', ca: 'ca.crt' }], 'a'));
    const config = loadClusterConfig({ kubeconfig: file, env: {}, homeDir: dir() });
    assert.equal(config.cluster.caFile, join(d, 'ca.crt'));
  });

  test('without any kubeconfig, the in-cluster service account is used', async () => {
    const sa = dir();
    write(sa, 'token', 'sa-token\n');
    write(sa, 'namespace', 'kubediff');
    write(sa, 'ca.crt', 'ca');
    const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const config = loadClusterConfig({ env, homeDir: dir(), serviceAccountDir: sa });
    assert.equal(config.server, 'https://10.0.0.1:443');
    assert.equal(config.namespace, 'kubediff');
    assert.equal(config.cluster.caFile, join(sa, 'ca.crt'));
    assert.equal(await bearer(config), 'Bearer sa-token');
    const v6 = loadClusterConfig({ env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, homeDir: dir(), serviceAccountDir: sa });
    assert.equal(v6.server, 'https://[fd00::1]:443');
  });

  test('a YAML error in a kubeconfig says where it is, never what the file holds (tokens)', () => {
    const d = dir();
    const bad = write(d, 'token.yaml', 'apiVersion: v1\nusers:\n- name: u\n  user:\n    token: TOKEN-VALUE-1234: oops\n');
    assert.throws(
      () => loadClusterConfig({ kubeconfig: bad, env: {}, homeDir: d }),
      (err) => err instanceof ConfigError && err.message.includes(`${bad}: line 5`) && !err.message.includes('TOKEN-VALUE') && !err.message.includes('\n'),
    );
  });

  test('the in-cluster namespace defaults to default, and KUBECONFIG listing only missing files falls back to it', () => {
    const sa = dir();
    write(sa, 'token', 't');
    const env = { KUBERNETES_SERVICE_HOST: 'k', KUBERNETES_SERVICE_PORT: '6443', KUBECONFIG: join(sa, 'absent') };
    const config = loadClusterConfig({ env, homeDir: dir(), serviceAccountDir: sa });
    assert.equal(config.namespace, 'default');
    assert.equal(config.server, 'https://k:6443');
  });

  test('nothing found is a ConfigError that says where it looked', () => {
    const home = dir();
    assert.throws(
      () => loadClusterConfig({ env: { KUBERNETES_SERVICE_HOST: 'k' }, homeDir: home, serviceAccountDir: join(home, 'sa') }),
      (err) => err instanceof ConfigError && err.flag === '--kubeconfig' && err.message.includes(join(home, '.kube', 'config')),
    );
  });
});
