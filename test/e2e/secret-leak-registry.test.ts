// "Never leak a registry credential", end to end: kubediff --check-images
// with a docker config holding a password (as `auth` and as
// username/password), an identity token and a wrong password, against real
// registries (basic auth and the token flow), and HTTPS_PROXY holding a proxy
// password the proxy refuses, checked by the real CLI (text,
// -j, -o json, -o diff, stderr) and the real prom-run (page, filters, JSON,
// text, metrics, logs). No output may hold a password, an identity token, a
// bearer token the token service issued, a proxy password, or the base64
// `auth` and Proxy-Authorization they travel as; the outputs must still say which images failed and why.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startDemoCluster } from '../../scripts/demo-cluster.js';
import type { ApiServer } from '../support/apiserver/index.js';
import { startPromRun, waitFor, type PromRunProcess } from '../support/prom-run.js';
import { startHttpProxy, type HttpProxy } from '../support/registry/http-proxy.js';
import { REFRESH_TOKENS, startRegistries, USERS, type Registries } from '../support/registry/index.js';
import { makeTempDir, type TempDir } from '../kubediff/helpers/temp.js';
import { writeDockerConfig } from '../kubediff/images/harness.js';
import { cliOutputs, crawl, promRunLog } from './secret-leak-outputs.js';
import { findLeaks, needlesFor } from './secret-leak-search.js';

const WRONG_PASSWORD = 'wr0ng-REGISTRY-password-x7';
const PROXY_PASSWORD = 'wr0ng-PROXY-password-m3';
const FORMATS = [[], ['-j'], ['-o', 'json'], ['-o', 'diff']] as const;

describe('no registry credential leaks from any output', () => {
  let dir: TempDir;
  let r: Registries;
  let cluster: ApiServer;
  let app: PromRunProcess | undefined;
  let proxy: HttpProxy;
  let images: Record<'basic' | 'token' | 'identity' | 'denied' | 'wrong' | 'proxied', string>;
  const outputs = new Map<string, string>();

  before(async () => {
    dir = await makeTempDir('kubediff-secret-leak-registry-');
    r = await startRegistries(dir.path);
    await r.push('team/app', '1');
    await r.push('private/app', '1');
    images = {
      basic: `${r.basic.host}/team/app:1`,
      token: `${r.token.host}/team/app:1`,
      identity: `${r.token.host.replace('127.0.0.1', 'localhost')}/team/app:1`,
      denied: `${r.token.host}/private/app:1`,
      // The same basic-auth registry under another name, so another config entry (a wrong password) applies.
      wrong: `${r.basic.host.replace('127.0.0.1', 'localhost')}/team/app:1`,
      // Only the proxy knows this name; it wants other credentials than HTTPS_PROXY's.
      proxied: `registry.kubediff.test:${new URL(r.tls.url).port}/team/app:1`,
    };
    proxy = await startHttpProxy({ map: new Map([[images.proxied.split('/')[0]!, r.tls.host]]), credentials: ['egress', 'the-right-one'] });
    const config = await writeDockerConfig(dir.path, 'registry-config.json', {
      [r.basic.host]: ['alice', USERS.alice],
      [r.token.host]: { username: 'alice', password: USERS.alice },
      [images.identity.split('/')[0]!]: { identitytoken: Object.keys(REFRESH_TOKENS)[0]! },
      [images.wrong.split('/')[0]!]: ['alice', WRONG_PASSWORD],
    });
    const repo = await dir.write({
      'repo/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
      'repo/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
${Object.entries(images).map(([name, image]) => `      - {name: ${name}, image: "${image}"}`).join('\n')}
`,
    }).then((path) => join(path, 'repo'));
    cluster = await startDemoCluster({ manifests: [repo], drift: false });
    const proxyUrl = `http://egress:${PROXY_PASSWORD}@${new URL(proxy.url).host}`;
    const env = { PATH: process.env.PATH, HOME: dir.path, KUBECACHEDIR: join(dir.path, 'kube-cache'), HTTPS_PROXY: proxyUrl };
    const tokenHost = new URL(r.tokenServer.url).host;
    const flags = ['--check-images', `--registry-config=${config}`, ...[r.basic.host, r.token.host, images.identity.split('/')[0]!, images.wrong.split('/')[0]!, tokenHost].map((h) => `--registry-insecure=${h}`)];
    const args = ['-k', cluster.kubeconfigPath, ...flags, repo];
    for (const [name, text] of (await cliOutputs(FORMATS, args, env)).outputs) outputs.set(name, text);

    app = await startPromRun(['-period=1s', 'kubediff', ...args], { env });
    await waitFor(async () => {
      const status = (await (await fetch(`${app!.url}/api/status`)).json()) as { latest?: { id: number; check?: { images?: unknown[] } } };
      return (status.latest?.id ?? 0) >= 2 && status.latest?.check?.images ? true : undefined;
    }, { what: 'two finished checks with images', timeoutMs: 120_000 });
    const crawled = await crawl(app.url, ['/', '/?state=in-sync', '/?q=team', '/api/status', '/output.txt', '/metrics']);
    for (const [name, text] of crawled.outputs) outputs.set(name, text);
    await app.stop();
    outputs.set('prom-run stderr', promRunLog(app));
  });

  after(async () => {
    await app?.stop();
    await cluster?.close();
    await r?.stop();
    await proxy?.close();
    await dir?.remove();
  });

  test('the outputs say which images failed and why', () => {
    const json = JSON.parse(outputs.get('kubediff -o json stdout') ?? '{}') as { images?: { image: string; status: string }[] };
    const statuses = Object.fromEntries((json.images ?? []).map((i) => [i.image, i.status]));
    assert.deepEqual(statuses, {
      [images.basic]: 'available',
      [images.token]: 'available',
      [images.identity]: 'available',
      [images.denied]: 'authorization-failure',
      [images.wrong]: 'authentication-failure',
      [images.proxied]: 'registry-unavailable',
    });
    assert.match(outputs.get('kubediff (text) stdout') ?? '', /registry-unavailable: .*the proxy 127\.0\.0\.1:\d+ refused the tunnel with HTTP 407/);
    assert.match(outputs.get('kubediff (text) stdout') ?? '', /authentication-failure: .* the credentials for localhost:\d+ were refused/);
    assert.match(outputs.get('GET /') ?? '', /3 images not available/);
    assert.ok(r.tokenServer.issued.length >= 3, 'the token service issued tokens, which the search looks for');
  });

  test('no output holds a password, an identity token, a bearer token or the base64 auth', () => {
    const secrets = [USERS.alice, WRONG_PASSWORD, PROXY_PASSWORD, ...Object.keys(REFRESH_TOKENS)];
    const composites = [
      ...r.tokenServer.issued,
      Buffer.from(`alice:${USERS.alice}`).toString('base64'),
      Buffer.from(`alice:${WRONG_PASSWORD}`).toString('base64'),
      Buffer.from(`egress:${PROXY_PASSWORD}`).toString('base64'),
    ];
    assert.ok(proxy.requests.some((q) => q.status === 407), 'the proxy was asked, with the wrong password');
    const leaks = findLeaks(outputs, [...needlesFor(secrets, { excerpts: true }), ...needlesFor(composites, { excerpts: false })]);
    assert.deepEqual(leaks, [], `${leaks.length} leaks:\n${leaks.join('\n')}`);
    assert.ok(outputs.size >= FORMATS.length * 2 + 6, `${outputs.size} outputs searched`);
  });
});
