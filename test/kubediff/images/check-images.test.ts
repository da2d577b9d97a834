// The image check against real registries (Debian's docker-registry, the
// CNCF distribution registry) on loopback: no auth, htpasswd basic auth, the
// token flow through our token service, HTTPS with a test CA, and a fault
// proxy for 429 and 5xx. Every status of the vocabulary, and the requests
// each costs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BATCH } from '../../../src/kubediff/images/tokens.js';
import { REFRESH_TOKENS, startRegistries, USERS, type Registries } from '../../support/registry/index.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';
import { requestCounts, session, writeDockerConfig } from './harness.js';

describe('checkImages against real registries', () => {
  let dir: TempDir;
  let r: Registries;
  let digest: string;
  let tokenRealmHost: string;
  before(async () => {
    dir = await makeTempDir('kubediff-images-');
    r = await startRegistries(dir.path);
    digest = await r.push('team/app', '1.0');
    await r.push('team/app', '2.0', 'docker');
    await r.push('public/tool', '3');
    await r.push('private/secret', '1');
    await r.push('denied/app', '1');
    tokenRealmHost = new URL(r.tokenServer.url).host;
  });
  after(async () => {
    await r?.stop();
    await dir?.remove();
  });
  const insecure = () => [r.open.host, r.basic.host, r.token.host, r.proxy.host, tokenRealmHost];

  test('available (OCI and Docker manifests, by digest, tag and digest) and absent (unknown tag or repository): one HEAD each', async () => {
    const s = session({ dir: dir.path, insecure: insecure() });
    const h = r.open.host;
    const images = [`${h}/team/app:1.0`, `${h}/team/app:2.0`, `${h}/team/app@${digest}`, `${h}/team/app:2.0@${digest}`, `${h}/team/app:9.9`, `${h}/team/nothing:1`];
    const out = await s.run(images);
    assert.deepEqual(images.map((i) => out.status(i)), ['available', 'available', 'available', 'available', 'absent', 'absent']);
    assert.equal(out.by.get(`${h}/team/app:1.0`)?.digest, digest, 'the digest the registry answered with');
    assert.equal(out.by.get(`${h}/team/app:2.0@${digest}`)?.digest, digest, 'tag+digest asks for the digest');
    assert.match(out.by.get(`${h}/team/app:9.9`)?.message ?? '', /HTTP 404 .*team\/app:9\.9/);
    assert.deepEqual(requestCounts(out, h), { 'manifest 200': 4, 'manifest 404': 2 });
    assert.deepEqual(out.by.get(`${h}/team/app:1.0`)?.objects, [{ object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, container: 'c0', field: 'containers', in: ['git'] }]);
  });

  test('an OCI index is available too: the HEAD accepts index and list media types', async () => {
    const { pushIndex } = await import('../../support/registry/push.js');
    const manifest = await fetch(`${r.open.url}/v2/team/app/manifests/1.0`, { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } });
    const size = (await manifest.arrayBuffer()).byteLength;
    const indexDigest = await pushIndex({ url: r.open.url, repository: 'team/app', tag: 'multi-arch' }, { digest, size });
    const out = await session({ dir: dir.path, insecure: insecure() }).run([`${r.open.host}/team/app:multi-arch`]);
    assert.equal(out.status(`${r.open.host}/team/app:multi-arch`), 'available');
    assert.equal(out.by.get(`${r.open.host}/team/app:multi-arch`)?.digest, indexDigest);
  });

  test('basic auth (htpasswd, bcrypt): credentials from config.json; none or wrong is authentication-failure; the scheme is learnt once', async () => {
    const h = r.basic.host;
    const images = [`${h}/team/app:1.0`, `${h}/team/app:2.0`, `${h}/public/tool:3`, `${h}/team/app:9.9`];
    const good = await writeDockerConfig(dir.path, 'basic-good.json', { [h]: ['alice', USERS.alice] });
    const bad = await writeDockerConfig(dir.path, 'basic-bad.json', { [h]: ['alice', 'wrong-password'] });

    const anonymous = await session({ dir: dir.path, insecure: insecure() }).run(images);
    for (const image of images) assert.equal(anonymous.status(image), 'authentication-failure', image);
    assert.match(anonymous.by.get(images[0]!)?.message ?? '', /none are configured/);

    const wrong = await session({ dir: dir.path, insecure: insecure() }).run(images, { registryConfig: bad });
    for (const image of images) assert.equal(wrong.status(image), 'authentication-failure', image);
    assert.match(wrong.by.get(images[0]!)?.message ?? '', /were refused/);

    const right = await session({ dir: dir.path, insecure: insecure() }).run(images, { registryConfig: good });
    assert.deepEqual(images.map((i) => right.status(i)), ['available', 'available', 'available', 'absent']);
    // The first image meets the 401 and answers it; the rest send basic auth up front.
    assert.equal(right.stats.requests, images.length + 1);
  });

  test('token flow: anonymous for public repositories, credentials (basic or identity token) for the rest, 401 and 403 told apart', async () => {
    const h = r.token.host;
    const creds = await writeDockerConfig(dir.path, 'token-alice.json', { [h]: ['alice', USERS.alice] });
    const bob = await writeDockerConfig(dir.path, 'token-bob.json', { [h]: ['bob', USERS.bob] });
    const wrong = await writeDockerConfig(dir.path, 'token-wrong.json', { [h]: ['alice', 'nope'] });
    const identity = await writeDockerConfig(dir.path, 'token-identity.json', { [h]: { identitytoken: Object.keys(REFRESH_TOKENS)[0]! } });
    const [pub, team, priv, denied] = [`${h}/public/tool:3`, `${h}/team/app:1.0`, `${h}/private/secret:1`, `${h}/denied/app:1`];

    const anonymous = await session({ dir: dir.path, insecure: insecure() }).run([pub, team]);
    assert.equal(anonymous.status(pub), 'available');
    assert.equal(anonymous.status(team), 'authentication-failure');

    const alice = await session({ dir: dir.path, insecure: insecure() }).run([pub, team, priv, `${h}/team/app:9.9`], { registryConfig: creds });
    assert.equal(alice.status(pub), 'available');
    assert.equal(alice.status(team), 'available');
    assert.equal(alice.status(`${h}/team/app:9.9`), 'absent');
    assert.equal(alice.status(priv), 'authorization-failure', 'authenticated, but the token holds no pull access (insufficient_scope)');

    assert.equal((await session({ dir: dir.path, insecure: insecure() }).run([team], { registryConfig: bob })).status(team), 'authorization-failure');
    assert.equal((await session({ dir: dir.path, insecure: insecure() }).run([team], { registryConfig: wrong })).status(team), 'authentication-failure');
    const forbidden = await session({ dir: dir.path, insecure: insecure() }).run([denied], { registryConfig: creds });
    assert.equal(forbidden.status(denied), 'authorization-failure', 'the token service answered 403');
    assert.match(forbidden.by.get(denied)?.message ?? '', /HTTP 403/);

    const before = r.tokenServer.requests.length;
    const viaIdentity = await session({ dir: dir.path, insecure: insecure() }).run([team], { registryConfig: identity });
    assert.equal(viaIdentity.status(team), 'available');
    assert.equal(r.tokenServer.requests.at(-1)?.method, 'POST', 'the identity token was exchanged with a refresh_token grant');
    assert.equal(r.tokenServer.requests.length, before + 1);
  });

  test('one token request covers several repositories: a cold run over many repositories costs a few token requests', async () => {
    const h = r.token.host;
    const repositories = Array.from({ length: 25 }, (_, i) => `public/many-${i}`);
    for (const repository of repositories) await r.push(repository, 'v1');
    const before = r.tokenServer.requests.length;
    const out = await session({ dir: dir.path, insecure: insecure() }).run(repositories.map((name) => `${h}/${name}:v1`));
    assert.equal(out.images.filter((i) => i.status === 'available').length, 25);
    const tokenRequests = r.tokenServer.requests.length - before;
    assert.equal(tokenRequests, Math.ceil(25 / BATCH));
    // One HEAD meets the challenge, then one HEAD per image with a token.
    assert.deepEqual(requestCounts(out, h), { 'manifest 200': 25, 'manifest 401': 1, [`token 200`]: tokenRequests });
  });

  test('a kept token the registry no longer takes (invalid_token) is replaced by a new one, once', async (t) => {
    const { startFaultProxy } = await import('../../support/registry/fault-proxy.js');
    const proxy = await startFaultProxy(r.token.url);
    t.after(() => proxy.close());
    // An absent tag is asked every run; a minute later the first run's token is still valid and kept.
    const image = `${proxy.host}/public/tool:gone`;
    const s = session({ dir: dir.path, insecure: [...insecure(), proxy.host] });
    const first = await s.run([image]);
    assert.equal(first.status(image), 'absent', first.by.get(image)?.message);
    s.now += 60_000;
    const challenge = `Bearer realm="${r.tokenServer.url}",service="kubediff-test-registry",scope="repository:public/tool:pull",error="invalid_token"`;
    proxy.faults.push({ status: 401, times: 1, headers: { 'WWW-Authenticate': challenge } });
    const before = r.tokenServer.requests.length;
    const again = await s.run([image]);
    assert.equal(again.status(image), 'absent', again.by.get(image)?.message);
    assert.equal(r.tokenServer.requests.length - before, 1, 'one new token');
    assert.deepEqual(requestCounts(again, proxy.host), { 'manifest 401': 1, 'manifest 404': 1, 'token 200': 1 });
  });

  test('a plain-http token service is not used unless --registry-insecure names it', async () => {
    const h = r.token.host;
    const out = await session({ dir: dir.path, insecure: [h] }).run([`${h}/public/tool:3`]);
    assert.equal(out.status(`${h}/public/tool:3`), 'authentication-failure');
    assert.match(out.by.get(`${h}/public/tool:3`)?.message ?? '', /plain-http token service .*--registry-insecure/);
  });

  test('registry-unavailable: nothing listening; the rest of that registry is not asked again in the run', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const h = `127.0.0.1:${port}`;
    const out = await session({ dir: dir.path, insecure: [h, r.open.host] }).run([`${h}/a:1`, `${h}/b:1`, `${h}/c:1`, `${r.open.host}/team/app:1.0`], { concurrency: 1 });
    for (const image of [`${h}/a:1`, `${h}/b:1`, `${h}/c:1`]) assert.equal(out.status(image), 'registry-unavailable');
    assert.match(out.by.get(`${h}/a:1`)?.message ?? '', /connection refused/);
    assert.match(out.by.get(`${h}/c:1`)?.message ?? '', /not asked again/);
    assert.deepEqual(requestCounts(out, h), { 'manifest error': 1 });
    assert.equal(out.status(`${r.open.host}/team/app:1.0`), 'available', 'another registry is not affected');
  });

  test('5xx: retried once; twice is registry-unavailable', async () => {
    const h = r.proxy.host;
    r.proxy.faults.push({ status: 503, times: 1, path: /team\/app\/manifests\/1\.0/ });
    const s = session({ dir: dir.path, insecure: insecure() });
    const once = await s.run([`${h}/team/app:1.0`]);
    assert.equal(once.status(`${h}/team/app:1.0`), 'available');
    assert.deepEqual(requestCounts(once, h), { 'manifest 503': 1, 'manifest 200': 1 });
    assert.deepEqual(s.waits, [1000]);
    r.proxy.faults.push({ status: 502, times: 2, path: /team\/app\/manifests\/2\.0/ });
    const twice = await s.run([`${h}/team/app:2.0`]);
    assert.equal(twice.status(`${h}/team/app:2.0`), 'registry-unavailable');
    assert.match(twice.by.get(`${h}/team/app:2.0`)?.message ?? '', /HTTP 502/);
  });

  test('429: a short Retry-After is waited for; a long one pauses the registry across runs, earlier answers are kept', async () => {
    const h = r.proxy.host;
    const s = session({ dir: dir.path, insecure: insecure() });
    r.proxy.faults.push({ status: 429, times: 1, headers: { 'Retry-After': '2' } });
    const short = await s.run([`${h}/team/app:1.0`, `${h}/team/app:9.9`]);
    assert.equal(short.status(`${h}/team/app:1.0`), 'available');
    assert.equal(short.status(`${h}/team/app:9.9`), 'absent');
    assert.deepEqual(s.waits, [2000]);

    r.proxy.faults.push({ status: 429, headers: { 'Retry-After': '3600' } });
    s.now += 2 * 3_600_000; // both due again
    const seen = r.proxy.requests.length;
    const long = await s.run([`${h}/team/app:1.0`, `${h}/team/app:9.9`], { concurrency: 1 });
    assert.equal(r.proxy.requests.length - seen, 1, 'one 429, then that registry is not asked');
    assert.deepEqual(s.waits, [2000], 'an hour is not waited for');
    const results = [long.by.get(`${h}/team/app:1.0`), long.by.get(`${h}/team/app:9.9`)];
    assert.deepEqual(results.map((i) => [i?.status, i?.cached]), [['available', true], ['absent', true]], 'the last answers are shown, marked cached');
    assert.match(long.notices.join('\n'), /not asked this run .*asked us to wait \(HTTP 429\)/);

    const next = await s.run([`${h}/team/app:1.0`, `${h}/team/app:9.9`]);
    assert.equal(r.proxy.requests.length - seen, 1, 'the next run does not ask it either');
    assert.equal(next.stats.requests, 0);
    r.proxy.faults.length = 0;
    s.now += 3_600_000 + 1000;
    const later = await s.run([`${h}/team/app:1.0`]);
    assert.equal(later.status(`${h}/team/app:1.0`), 'available');
    assert.equal(later.by.get(`${h}/team/app:1.0`)?.cached, false);
  });

  test('unknown-error for an answer no registry gives; bad-image-name without any request', async () => {
    const h = r.proxy.host;
    r.proxy.faults.push({ status: 418, times: 1 });
    const out = await session({ dir: dir.path, insecure: insecure() }).run([`${h}/team/app:1.0`, `${h}/Team/App:1`, '']);
    assert.equal(out.status(`${h}/team/app:1.0`), 'unknown-error');
    assert.match(out.by.get(`${h}/team/app:1.0`)?.message ?? '', /unexpected HTTP 418/);
    assert.equal(out.status(`${h}/Team/App:1`), 'bad-image-name');
    assert.equal(out.status(''), 'bad-image-name');
    assert.equal(out.stats.requests, 1);
  });

  test('the cache between runs: available images are asked again only after --image-recheck, others every run', async () => {
    const h = r.open.host;
    const s = session({ dir: dir.path, insecure: insecure() });
    const images = [`${h}/team/app:1.0`, `${h}/team/app:2.0`, `${h}/team/app:9.9`];
    const cold = await s.run(images);
    assert.equal(cold.stats.requests, 3);
    s.now += 60_000;
    const warm = await s.run(images);
    assert.equal(warm.stats.requests, 1, 'only the absent image is asked again');
    assert.deepEqual(images.map((i) => warm.by.get(i)?.cached), [true, true, false]);
    assert.equal(warm.stats.cached, 2);
    s.now += 3_600_000;
    const hourLater = await s.run(images);
    assert.equal(hourLater.stats.requests, 3, 'after an hour every image is asked');
    assert.equal(hourLater.by.get(images[0]!)?.checkedAt, new Date(s.now).toISOString());
    await s.run([images[0]!]);
    assert.equal(s.cache.size.answers, 1, 'images no longer declared are forgotten');
  });

  test('the request budget: images past it are not asked, said in a notice, and asked first next run', async () => {
    const h = r.open.host;
    const s = session({ dir: dir.path, insecure: insecure() });
    const images = [`${h}/team/app:1.0`, `${h}/team/app:2.0`, `${h}/public/tool:3`, `${h}/team/app:9.9`];
    const first = await s.run(images, { requestBudget: 2, concurrency: 1 });
    assert.equal(first.stats.requests, 2);
    const unasked = first.images.filter((i) => i.status === 'unknown-error');
    assert.equal(unasked.length, 2);
    assert.match(unasked[0]?.message ?? '', /not asked yet: the request budget of this run \(2, --image-requests\) is spent/);
    assert.match(first.notices.join('\n'), /2 of 4 images were not asked this run/);
    s.now += 1000;
    const second = await s.run(images, { requestBudget: 2, concurrency: 1 });
    assert.deepEqual(images.map((i) => second.status(i)), ['available', 'available', 'available', 'absent']);
  });

  test('HTTPS with a private CA: --registry-ca-file makes it available; without it, registry-unavailable (TLS)', async () => {
    const h = r.tls.host;
    const without = await session({ dir: dir.path, insecure: [] }).run([`${h}/team/app:1.0`]);
    assert.equal(without.status(`${h}/team/app:1.0`), 'registry-unavailable');
    assert.match(without.by.get(`${h}/team/app:1.0`)?.message ?? '', /TLS|certificate/i);
    const withCa = await session({ dir: dir.path, insecure: [], caFile: r.caFile }).run([`${h}/team/app:1.0`]);
    assert.equal(withCa.status(`${h}/team/app:1.0`), 'available');
  });
});
