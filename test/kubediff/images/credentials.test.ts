import assert from 'node:assert/strict';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseDockerConfig } from '../../../src/kubediff/images/credentials.js';
import { loadCredentials } from '../../../src/kubediff/images/credentials-file.js';
import { makeTempDir } from '../helpers/temp.js';

const auth = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');
const PASSWORD = 'pa55-WORD-never-shown';

describe('parseDockerConfig', () => {
  test('reads auths as docker login writes them: auth, username/password, identitytoken, registrytoken', () => {
    const { store, notices } = parseDockerConfig(JSON.stringify({
      auths: {
        'registry.example.com': { auth: auth('robot', PASSWORD) },
        'https://ghcr.io': { username: 'me', password: 'pat' },
        'acr.example.io': { identitytoken: 'refresh-me' },
        'tokens.example.io': { registrytoken: 'bearer-me' },
      },
    }), 'config.json');
    assert.deepEqual(notices, []);
    assert.equal(store.size, 4);
    assert.deepEqual(store.lookup('registry.example.com', 'team/app'), { username: 'robot', password: PASSWORD });
    assert.deepEqual(store.lookup('ghcr.io', 'org/app'), { username: 'me', password: 'pat' });
    assert.deepEqual(store.lookup('acr.example.io', 'a'), { identityToken: 'refresh-me' });
    assert.deepEqual(store.lookup('tokens.example.io', 'a'), { registryToken: 'bearer-me' });
    assert.equal(store.lookup('other.example.com', 'team/app'), undefined);
  });

  test('Docker Hub has one entry under any of its names', () => {
    for (const key of ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io']) {
      const { store } = parseDockerConfig(JSON.stringify({ auths: { [key]: { auth: auth('hub', 'x') } } }), 'c');
      assert.deepEqual(store.lookup('docker.io', 'library/nginx'), { username: 'hub', password: 'x' }, key);
    }
  });

  test('matches as the kubelet does: ports exactly, * globs per label, the longest path prefix first', () => {
    const { store } = parseDockerConfig(JSON.stringify({
      auths: {
        'registry.example.com:5000': { auth: auth('port', 'x') },
        '*.example.org': { auth: auth('glob', 'x') },
        'registry.example.org': { auth: auth('exact', 'x') },
        'registry.example.net/team': { auth: auth('team', 'x') },
        'registry.example.net': { auth: auth('all', 'x') },
      },
    }), 'c');
    assert.equal(store.lookup('registry.example.com:5000', 'a')?.username, 'port');
    assert.equal(store.lookup('registry.example.com', 'a'), undefined, 'no port is not port 5000');
    assert.equal(store.lookup('eu.example.org', 'a')?.username, 'glob');
    assert.equal(store.lookup('a.b.example.org', 'a'), undefined, 'a glob matches one label');
    assert.equal(store.lookup('registry.example.org', 'a')?.username, 'exact');
    assert.equal(store.lookup('registry.example.net', 'team/app')?.username, 'team');
    assert.equal(store.lookup('registry.example.net', 'teamwork/app')?.username, 'all');
  });

  test('the .dockercfg shape (no auths key) is read too', () => {
    const { store } = parseDockerConfig(JSON.stringify({ 'registry.example.com': { auth: auth('old', 'x'), email: 'a@b' } }), 'c');
    assert.equal(store.lookup('registry.example.com', 'a')?.username, 'old');
  });

  test('unusable input is a notice that never quotes a value', () => {
    const broken = parseDockerConfig(`{"auths": {"r.example.com": {"auth": "${PASSWORD}`, 'secret.json');
    assert.equal(broken.store.size, 0);
    assert.deepEqual(broken.notices, ['registry credentials in secret.json are not used: the file is not valid JSON']);
    const odd = parseDockerConfig(JSON.stringify({ auths: { 'r.example.com': { auth: Buffer.from(PASSWORD).toString('base64') }, 'x.example.com': 'str', 'y.example.com': {} }, credsStore: 'desktop' }), 'c');
    assert.equal(odd.store.size, 0);
    assert.equal(odd.notices.length, 4);
    for (const notice of odd.notices) assert.ok(!notice.includes(PASSWORD) && !notice.includes(Buffer.from(PASSWORD).toString('base64')), notice);
    assert.match(odd.notices.join('\n'), /credsStore is not used/);
  });
});

describe('loadCredentials', () => {
  test('default $DOCKER_CONFIG/config.json, else ~/.docker/config.json; a missing default file is no notice', async (t) => {
    const dir = await makeTempDir();
    t.after(() => dir.remove());
    const content = JSON.stringify({ auths: { 'r.example.com': { auth: auth('u', 'p') } } });
    await dir.write({ 'dc/config.json': content, 'home/.docker/config.json': content.replace('r.example', 'h.example') });
    const fromEnv = await loadCredentials({ env: { DOCKER_CONFIG: join(dir.path, 'dc') }, homeDir: '/nonexistent' });
    assert.equal(fromEnv.store.lookup('r.example.com', 'a')?.username, 'u');
    const fromHome = await loadCredentials({ env: {}, homeDir: join(dir.path, 'home') });
    assert.equal(fromHome.store.lookup('h.example.com', 'a')?.username, 'u');
    assert.deepEqual((await loadCredentials({ env: {}, homeDir: join(dir.path, 'nobody') })).notices, []);
  });

  test('--registry-config: a file, or a mounted Secret folder holding .dockerconfigjson; missing is a notice', async (t) => {
    const dir = await makeTempDir();
    t.after(() => dir.remove());
    await dir.write({ 'secret/.dockerconfigjson': JSON.stringify({ auths: { 'r.example.com': { auth: auth('mounted', 'p') } } }) });
    const mounted = await loadCredentials({ path: join(dir.path, 'secret'), env: {}, homeDir: dir.path });
    assert.equal(mounted.store.lookup('r.example.com', 'a')?.username, 'mounted');
    const file = await loadCredentials({ path: join(dir.path, 'secret/.dockerconfigjson'), env: {}, homeDir: dir.path });
    assert.equal(file.store.size, 1);
    const missing = await loadCredentials({ path: join(dir.path, 'nope.json'), env: {}, homeDir: dir.path });
    assert.deepEqual(missing.notices, [`registry credentials are not used: ${join(dir.path, 'nope.json')} does not exist`]);
    await mkdir(join(dir.path, 'empty'));
    assert.match((await loadCredentials({ path: join(dir.path, 'empty'), env: {}, homeDir: dir.path })).notices[0] ?? '', /neither config.json nor .dockerconfigjson/);
  });

  test('a FIFO, an unreadable file and a huge file are notices, never a hang', async (t) => {
    const dir = await makeTempDir();
    t.after(() => dir.remove());
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(dir.path, 'fifo.json')]);
    assert.match((await loadCredentials({ path: join(dir.path, 'fifo.json'), env: {}, homeDir: dir.path })).notices[0] ?? '', /not a regular file/);
    await writeFile(join(dir.path, 'big.json'), Buffer.alloc(2 * 1024 * 1024, 32));
    assert.match((await loadCredentials({ path: join(dir.path, 'big.json'), env: {}, homeDir: dir.path })).notices[0] ?? '', /larger than/);
    if (process.getuid?.() !== 0) {
      await writeFile(join(dir.path, 'locked.json'), '{}');
      await chmod(join(dir.path, 'locked.json'), 0o000);
      assert.match((await loadCredentials({ path: join(dir.path, 'locked.json'), env: {}, homeDir: dir.path })).notices[0] ?? '', /permission denied/);
    }
  });
});
