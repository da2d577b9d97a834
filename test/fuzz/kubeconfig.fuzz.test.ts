// Property: whatever the kubeconfig is (any shape, any field of the wrong type,
// hostile names, servers that are not URLs or not there, files that are
// devices, directories or missing, credentials that cannot be read, contexts
// that point nowhere), the check returns a report that keeps its promises:
// a kubeconfig that cannot be used is an error (exit 1) saying so, never drift
// and never an exception; one that works checks the objects.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { runCheck } from '../../src/kubediff/check.js';
import { silentLogger } from '../../src/log/logger.js';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { collectGarbage, fuzzParameters, settledHeap } from './fuzz-settings.js';
import { nastyString, nastyValue } from './hostile-text.js';
import { reportProblems } from './invariants.js';

let server: ApiServer;
let dir: string;
let gc: () => void;
before(async () => {
  server = await startApiServer();
  dir = await mkdtemp(join(tmpdir(), 'kubediff-fuzz-kubeconfig-'));
  await writeFile(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: default}\ndata: {a: "1"}\n');
  server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { a: '1' } });
  gc = collectGarbage();
});
after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

// Paths a kubeconfig may name for a file: devices, a directory, nothing, itself.
const fileRef = fc.oneof(fc.constantFrom('/dev/null', '/dev/zero', '/dev/urandom', '/', '/nonexistent/ca.crt', 'relative/missing.pem', ''), nastyString);
// The emulated API server's URL is known only once it listens: a placeholder, replaced in each case.
const EMULATOR = 'http://emulator.invalid:1';
const serverUrl = fc.oneof(
  { weight: 4, arbitrary: fc.constant(EMULATOR) },
  { weight: 2, arbitrary: fc.constantFrom('http://[::1', 'ftp://example.com', 'https://', 'http://127.0.0.1:1', 'unix:///var/run/x.sock', 'http://a b', 'http://127.0.0.1:0', '') },
  { weight: 1, arbitrary: nastyValue },
);
const named = <T>(key: string, body: fc.Arbitrary<T>) => fc.record({ name: fc.oneof(fc.constantFrom('c', 'u', 'x'), nastyValue), [key]: body }, { requiredKeys: [] });

const kubeconfigObject = fc.record(
  {
    apiVersion: fc.oneof(fc.constant('v1'), nastyValue),
    kind: fc.oneof(fc.constant('Config'), nastyValue),
    clusters: fc.oneof(
      fc.array(named('cluster', fc.oneof(
        fc.record({ server: serverUrl, 'certificate-authority': fileRef, 'certificate-authority-data': fc.oneof(fc.base64String({ maxLength: 40 }), nastyValue), 'insecure-skip-tls-verify': nastyValue, 'proxy-url': nastyValue, 'tls-server-name': nastyValue }, { requiredKeys: ['server'] }),
        nastyValue,
      )), { maxLength: 3 }),
      nastyValue,
    ),
    users: fc.oneof(
      fc.array(named('user', fc.oneof(
        fc.record({
          token: nastyValue, tokenFile: fileRef, 'client-certificate': fileRef, 'client-key': fileRef,
          'client-certificate-data': fc.base64String({ maxLength: 40 }), username: nastyValue, password: nastyValue, as: nastyValue,
          exec: fc.oneof(fc.record({ apiVersion: fc.constant('client.authentication.k8s.io/v1'), command: fc.constantFrom('/nonexistent-plugin', 'false'), args: fc.array(nastyString, { maxLength: 2 }) }), nastyValue),
          'auth-provider': nastyValue,
        }, { requiredKeys: [] }),
        nastyValue,
      )), { maxLength: 3 }),
      nastyValue,
    ),
    contexts: fc.oneof(
      fc.array(named('context', fc.oneof(fc.record({ cluster: fc.oneof(fc.constantFrom('c', 'x'), nastyValue), user: fc.oneof(fc.constantFrom('u', 'x'), nastyValue), namespace: fc.oneof(fc.constant('default'), nastyValue) }, { requiredKeys: [] }), nastyValue)), { maxLength: 3 }),
      nastyValue,
    ),
    'current-context': fc.oneof(fc.constantFrom('c', 'x', 'u'), nastyValue),
    preferences: nastyValue,
  },
  { requiredKeys: [] },
);

// A working kubeconfig with a few of its fields replaced, removed or added:
// most cases get far enough to use what they break.
const VALID = () => ({
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'c', cluster: { server: EMULATOR } as Record<string, unknown> }],
  users: [{ name: 'u', user: {} as Record<string, unknown> }],
  contexts: [{ name: 'x', context: { cluster: 'c', user: 'u', namespace: 'default' } as Record<string, unknown> }],
  'current-context': 'x',
});
type Valid = ReturnType<typeof VALID>;
const FIELDS: Record<string, (k: Valid, v: unknown) => void> = {
  server: (k, v) => (k.clusters[0]!.cluster.server = v),
  ca: (k, v) => (k.clusters[0]!.cluster['certificate-authority'] = v),
  caData: (k, v) => (k.clusters[0]!.cluster['certificate-authority-data'] = v),
  insecure: (k, v) => (k.clusters[0]!.cluster['insecure-skip-tls-verify'] = v),
  proxy: (k, v) => (k.clusters[0]!.cluster['proxy-url'] = v),
  token: (k, v) => (k.users[0]!.user.token = v),
  tokenFile: (k, v) => (k.users[0]!.user.tokenFile = v),
  cert: (k, v) => (k.users[0]!.user['client-certificate'] = v),
  exec: (k, v) => (k.users[0]!.user.exec = v),
  basic: (k, v) => Object.assign(k.users[0]!.user, { username: v, password: v }),
  impersonate: (k, v) => (k.users[0]!.user.as = v),
  namespace: (k, v) => (k.contexts[0]!.context.namespace = v),
  contextCluster: (k, v) => (k.contexts[0]!.context.cluster = v),
  contextUser: (k, v) => (k.contexts[0]!.context.user = v),
  current: (k, v) => (k['current-context'] = v as string),
  clusters: (k, v) => Object.assign(k, { clusters: v }),
  extra: (k, v) => Object.assign(k, { [typeof v === 'string' ? v.slice(0, 20) : 'extra']: v }),
};
const execValue = fc.record({ apiVersion: fc.constant('client.authentication.k8s.io/v1'), command: fc.constantFrom('/nonexistent-plugin', 'false'), args: fc.array(nastyString, { maxLength: 2 }) });
const mutation = fc.record({
  field: fc.constantFrom(...Object.keys(FIELDS)),
  value: fc.oneof(nastyValue, fileRef, serverUrl, execValue, fc.constant(undefined)),
});
const mutatedKubeconfig = fc.array(mutation, { minLength: 0, maxLength: 3 }).map((mutations) => {
  const kubeconfig = VALID();
  for (const { field, value } of mutations) {
    try {
      FIELDS[field]!(kubeconfig, value);
    } catch {
      // an earlier mutation replaced the structure this one writes into: it is broken already
    }
  }
  return kubeconfig;
});

const kubeconfigText = fc.oneof(
  { weight: 6, arbitrary: mutatedKubeconfig.map((object) => yamlOrJson(object)) },
  { weight: 2, arbitrary: kubeconfigObject.map((object) => yamlOrJson(object)) },
  { weight: 1, arbitrary: nastyValue.map((value) => JSON.stringify(value) ?? '') },
  { weight: 1, arbitrary: nastyString },
);

function yamlOrJson(value: unknown): string {
  try {
    return stringify(value);
  } catch {
    return JSON.stringify(value) ?? '';
  }
}

test('any kubeconfig: the report keeps its promises; one that cannot be used is an error, never drift', { timeout: 30 * 60_000 }, async (t) => {
  let cases = 0;
  const outcomes: Record<string, number> = {};
  const heapBefore = settledHeap(gc);
  await fc.assert(
    fc.asyncProperty(fc.oneof({ weight: 9, arbitrary: kubeconfigText }, { weight: 1, arbitrary: fc.constantFrom('/dev/null', '/dev/zero', '/', '/nonexistent') }), async (textOrPath) => {
      const path = textOrPath.startsWith('/') && !textOrPath.includes('\n') && textOrPath.length < 20 ? textOrPath : join(dir, `kubeconfig-${cases}`);
      if (path !== textOrPath) await writeFile(path, textOrPath.replaceAll(EMULATOR, server.url));
      cases++;
      const signal = AbortSignal.timeout(120_000);
      const report = await runCheck({ paths: [join(dir, 'cm.yaml')], kubeconfig: path, env: {}, homeDir: dir, signal }, { logger: silentLogger });
      assert.equal(signal.aborted, false, 'the check finished on its own');
      const problems = reportProblems(report);
      assert.deepEqual(problems, [], problems.join('\n'));
      // The one object is in sync in the cluster: anything else than in sync is an error, never drift.
      assert.equal(report.totals.drifted + report.totals.missing, 0, JSON.stringify(report.objects.map((o) => o.state)));
      if (report.totals.inSync !== 1) assert.equal(report.exitCode, 1, 'not checked means an error');
      const outcome = report.totals.inSync === 1 ? 'checked' : (report.errors[0] ?? report.objects[0]?.error)?.message.replace(/[^a-z ].*$/i, '').slice(0, 40) ?? '?';
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }),
    fuzzParameters(100),
  );
  t.diagnostic(`${cases} cases: ${JSON.stringify(outcomes)}`);
  const growth = settledHeap(gc) - heapBefore;
  assert.ok(growth < 32 * 1024 * 1024, `the heap grew by ${(growth / 1024 / 1024).toFixed(1)} MB over ${cases} cases`);
});
