// Registries behind a forward proxy, as a sidecar in a locked-down cluster
// reaches them: HTTPS_PROXY (CONNECT tunnels, TLS to the registry inside),
// HTTP_PROXY (absolute-form requests), proxy credentials, NO_PROXY read as
// Go's net/http reads it (containerd, the kubelet and docker do), loopback
// never proxied. The registries are real (Debian's docker-registry); the
// proxy is the test's, and the registry's name (registry.kubediff.test) is
// one only the proxy resolves, so an answer proves the request went through it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHttpTransport } from '../../../src/kubediff/images/http.js';
import { proxyFor, proxyFromEnv } from '../../../src/kubediff/images/proxy.js';
import { startHttpProxy, type HttpProxy } from '../../support/registry/http-proxy.js';
import { startRegistries, type Registries } from '../../support/registry/index.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';
import { session } from './harness.js';

const NAME = 'registry.kubediff.test';
const PROXY_USER = 'egress';
const PROXY_PASSWORD = 'proxy-PASSWORD-4kq2';

describe('registries behind an HTTP proxy', () => {
  let dir: TempDir;
  let r: Registries;
  let proxy: HttpProxy;
  let guarded: HttpProxy;
  let tlsName: string;
  let openName: string;
  before(async () => {
    dir = await makeTempDir('kubediff-images-proxy-');
    r = await startRegistries(dir.path);
    await r.push('team/app', '1.0');
    tlsName = `${NAME}:${new URL(r.tls.url).port}`;
    openName = `${NAME}:${new URL(r.open.url).port}`;
    const map = new Map([[tlsName, r.tls.host], [openName, r.open.host]]);
    proxy = await startHttpProxy({ map });
    guarded = await startHttpProxy({ map, credentials: [PROXY_USER, PROXY_PASSWORD] });
  });
  after(async () => {
    await Promise.all([r?.stop(), proxy?.close(), guarded?.close()]);
    await dir?.remove();
  });
  const proxied = () => ({ dir: dir.path, insecure: [openName], caFile: r.caFile, proxiedNames: [NAME] });

  test('HTTPS_PROXY: an https registry is reached through CONNECT tunnels, its certificate checked for its own name; tunnels are reused', async () => {
    proxy.requests.length = 0;
    const s = session({ ...proxied(), env: { HTTPS_PROXY: proxy.url } });
    const images = [`${tlsName}/team/app:1.0`, `${tlsName}/team/app:9.9`, `${tlsName}/team/other:1`, `${tlsName}/team/app:2.0`, `${tlsName}/team/app:3.0`, `${tlsName}/team/app:4.0`];
    const out = await s.run(images);
    assert.deepEqual(images.map((i) => out.status(i)), ['available', 'absent', 'absent', 'absent', 'absent', 'absent']);
    const connects = proxy.requests.filter((q) => q.method === 'CONNECT');
    assert.ok(connects.length >= 1 && connects.length <= 4, `at most one tunnel per connection in the pool (${connects.length} for 6 requests)`);
    assert.ok(connects.every((q) => q.target === tlsName && q.status === 200), JSON.stringify(connects));
    assert.equal(proxy.requests.length, connects.length, 'nothing but tunnels');
  });

  test('HTTP_PROXY: a plain-http registry (--registry-insecure) is asked through the proxy with absolute-form requests', async () => {
    proxy.requests.length = 0;
    const s = session({ ...proxied(), env: { http_proxy: proxy.url } });
    const out = await s.run([`${openName}/team/app:1.0`, `${openName}/team/app:9.9`]);
    assert.equal(out.status(`${openName}/team/app:1.0`), 'available');
    assert.equal(out.status(`${openName}/team/app:9.9`), 'absent');
    assert.deepEqual(proxy.requests.map((q) => `${q.method} ${q.target} ${q.status}`).sort(), [
      `HEAD http://${openName}/v2/team/app/manifests/1.0 200`,
      `HEAD http://${openName}/v2/team/app/manifests/9.9 404`,
    ]);
  });

  test("the proxy's credentials from its URL are sent; without them it is registry-unavailable saying 407, and the password is never shown", async () => {
    guarded.requests.length = 0;
    const withCredentials = `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@${new URL(guarded.url).host}`;
    const ok = await session({ ...proxied(), env: { HTTPS_PROXY: withCredentials, HTTP_PROXY: withCredentials } }).run([`${tlsName}/team/app:1.0`, `${openName}/team/app:1.0`]);
    assert.equal(ok.status(`${tlsName}/team/app:1.0`), 'available');
    assert.equal(ok.status(`${openName}/team/app:1.0`), 'available');
    assert.ok(guarded.requests.every((q) => q.status === 200), JSON.stringify(guarded.requests));

    const wrong = `http://${PROXY_USER}:wrong-${PROXY_PASSWORD}@${new URL(guarded.url).host}`;
    for (const env of [{ HTTPS_PROXY: guarded.url }, { HTTPS_PROXY: wrong }]) {
      const out = await session({ ...proxied(), env }).run([`${tlsName}/team/app:1.0`]);
      const image = out.by.get(`${tlsName}/team/app:1.0`);
      assert.equal(image?.status, 'registry-unavailable');
      assert.match(image?.message ?? '', /the proxy 127\.0\.0\.1:\d+ refused the tunnel with HTTP 407 \(it wants credentials: user:password in the proxy URL\)/);
      const everything = JSON.stringify(out);
      assert.ok(!everything.includes(PROXY_PASSWORD) && !everything.includes(Buffer.from(`${PROXY_USER}:wrong-${PROXY_PASSWORD}`).toString('base64')), 'no proxy credential in the outcome');
    }
  });

  test('a kept-alive tunnel outlives the request deadline while idle: the next request reuses it, no new CONNECT', async () => {
    proxy.requests.length = 0;
    const timeoutMs = 3_000;
    const transport = createHttpTransport({ ca: await readFile(r.caFile, 'utf8'), timeoutMs, maxSockets: 1, proxy: proxyFromEnv({ HTTPS_PROXY: proxy.url }).setting });
    try {
      const url = new URL(`https://${tlsName}/v2/team/app/manifests/1.0`);
      const ask = () => transport.request(url, { method: 'HEAD', headers: { accept: 'application/vnd.oci.image.manifest.v1+json' }, signal: new AbortController().signal, maxBodyBytes: 0 });
      assert.equal((await ask()).status, 200);
      // Idle for longer than the deadline: the tunnel's socket must carry no timeout of the CONNECT request.
      await sleep(timeoutMs + 1_000);
      assert.equal((await ask()).status, 200);
      assert.deepEqual(proxy.requests.map((q) => `${q.method} ${q.target} ${q.status}`), [`CONNECT ${tlsName} 200`]);
    } finally {
      transport.close();
    }
  });

  test('loopback registries go direct; an unusable proxy setting is a notice and requests go direct', async () => {
    proxy.requests.length = 0;
    const direct = await session({ ...proxied(), insecure: [r.open.host], env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url } }).run([`${r.open.host}/team/app:1.0`]);
    assert.equal(direct.status(`${r.open.host}/team/app:1.0`), 'available');
    assert.deepEqual(proxy.requests, [], '127.0.0.1 is never proxied');

    const unusable = await session({ ...proxied(), insecure: [r.open.host], env: { HTTP_PROXY: 'socks5://127.0.0.1:1080' } }).run([`${r.open.host}/team/app:1.0`]);
    assert.equal(unusable.status(`${r.open.host}/team/app:1.0`), 'available');
    assert.ok(unusable.notices.includes('images: HTTP_PROXY is not used: only http:// proxies are supported, not socks5://'), JSON.stringify(unusable.notices));
  });
});

describe('proxyFor: HTTPS_PROXY, HTTP_PROXY and NO_PROXY as Go reads them', () => {
  const setting = (env: NodeJS.ProcessEnv) => proxyFromEnv(env).setting;
  const via = (env: NodeJS.ProcessEnv, url: string) => proxyFor(setting(env), new URL(url))?.host;

  test('the scheme picks the variable; uppercase wins; a value without a scheme is http://', () => {
    const env = { HTTPS_PROXY: 'secure-proxy:3128', https_proxy: 'ignored:1', http_proxy: 'http://plain-proxy:8080' };
    assert.equal(via(env, 'https://ghcr.io/v2/'), 'secure-proxy:3128');
    assert.equal(via(env, 'http://registry.internal:5000/v2/'), 'plain-proxy:8080');
    assert.equal(via({ http_proxy: 'http://p:1' }, 'https://ghcr.io/v2/'), undefined, 'HTTP_PROXY is not used for https');
    assert.equal(via({}, 'https://ghcr.io/v2/'), undefined);
  });

  test('NO_PROXY: domains with their subdomains, leading dots and *. for subdomains only, ports, IPs, CIDRs, *', () => {
    const p = { HTTPS_PROXY: 'http://proxy:3128' };
    const bypassed = (noProxy: string, url: string) => via({ ...p, NO_PROXY: noProxy }, url) === undefined;
    assert.ok(bypassed('example.com', 'https://example.com/'));
    assert.ok(bypassed('example.com', 'https://registry.example.com/'));
    assert.ok(!bypassed('example.com', 'https://notexample.com/'));
    assert.ok(!bypassed('.example.com', 'https://example.com/'));
    assert.ok(bypassed('.example.com', 'https://registry.example.com/'));
    assert.ok(bypassed('*.example.com', 'https://registry.example.com/'));
    assert.ok(!bypassed('*.example.com', 'https://example.com/'));
    assert.ok(bypassed('registry.internal:5000', 'https://registry.internal:5000/'));
    assert.ok(!bypassed('registry.internal:5000', 'https://registry.internal/'));
    assert.ok(bypassed('10.1.2.3', 'https://10.1.2.3:5000/'));
    assert.ok(bypassed('10.0.0.0/8', 'https://10.200.0.1/'));
    assert.ok(!bypassed('10.0.0.0/8', 'https://11.0.0.1/'));
    assert.ok(bypassed('fd00::/8', 'https://[fd12::1]:5000/'));
    assert.ok(bypassed(' foo.com , Example.COM ', 'https://example.com/'));
    assert.ok(bypassed('*', 'https://anything.example/'));
    assert.ok(via({ ...p, no_proxy: 'example.com' }, 'https://example.com/') === undefined, 'lowercase no_proxy');
  });

  test('localhost and loopback addresses are never proxied', () => {
    const p = { HTTPS_PROXY: 'http://proxy:3128', HTTP_PROXY: 'http://proxy:3128' };
    for (const url of ['https://localhost:5000/', 'http://127.0.0.1:5000/', 'https://127.8.9.10/', 'https://[::1]:5000/', 'https://[::ffff:127.0.0.1]/']) assert.equal(via(p, url), undefined, url);
    assert.equal(via(p, 'https://[::2]/'), 'proxy:3128');
  });

  test('unusable settings are notices that never show credentials', () => {
    assert.deepEqual(proxyFromEnv({ HTTPS_PROXY: 'https://user:secret@proxy:443' }).notices, ['images: HTTPS_PROXY is not used: only http:// proxies are supported, not https://']);
    assert.deepEqual(proxyFromEnv({ HTTP_PROXY: 'http://[bad' }).notices, ['images: HTTP_PROXY is not used: it is not a URL']);
  });
});
