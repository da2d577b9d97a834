// Property: whatever a (broken, hostile, proxied) API server answers — other
// statuses, garbage bodies, other objects, encodings it lies about, dropped
// connections, broken discovery, odd headers — the check returns a report
// that keeps its promises, and each object is reported as what its answer
// was: the right object in sync or drifted, a 404 missing, anything else an
// error, never drift and never missing. No exception escapes; memory stays
// bounded over the cases. A real HTTP server on loopback answers.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { runCheck } from '../../src/kubediff/check.js';
import { silentLogger } from '../../src/log/logger.js';
import { behavior, configMap, discoveryFault, expectedListedState, expectedState, FuzzApiServer, LIST_NAMESPACE, listedBehavior, listFault, namespaceOf, oddHeaders } from './api-server.js';
import { collectGarbage, fuzzParameters, settledHeap } from './fuzz-settings.js';
import { reportProblems } from './invariants.js';

let server: FuzzApiServer;
let dir: string;
let gc: () => void;
before(async () => {
  server = await FuzzApiServer.start();
  dir = await mkdtemp(join(tmpdir(), 'kubediff-fuzz-api-'));
  await writeFile(join(dir, 'kubeconfig'), `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${server.url}\ncontexts:\n- name: x\n  context:\n    cluster: c\ncurrent-context: x\n`);
  gc = collectGarbage();
});
after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const names = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/);

test('any API server answer: each object is what its answer says, an error never drift nor missing', { timeout: 30 * 60_000 }, async () => {
  let cases = 0;
  const heapBefore = settledHeap(gc);
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(fc.record({ name: names, behavior }), { minLength: 1, maxLength: 5, selector: (o) => o.name }),
      discoveryFault,
      oddHeaders,
      async (objects, discovery, headers) => {
        cases++;
        server.set({ objects, discovery, headers });
        const manifests = join(dir, 'manifests.yaml');
        // Each document after a `---`: a file named on the command line that starts with `{` is one JSON value, as for kubectl.
        await writeFile(manifests, objects.map((o, i) => JSON.stringify(configMap(o.name, namespaceOf(i)))).map((doc) => `---\n${doc}`).join('\n'));
        const report = await runCheck({ paths: [manifests], kubeconfig: join(dir, 'kubeconfig'), env: {}, homeDir: dir }, { logger: silentLogger });
        const problems = reportProblems(report);
        assert.deepEqual(problems, [], problems.join('\n'));
        if (report.objects.length === 0) {
          // Nothing compared: only a whole-run failure (broken discovery) may do that, and it is an error.
          assert.ok(discovery !== undefined && report.errors.length > 0, `no objects and no reason: ${JSON.stringify(report.errors)}`);
          return;
        }
        objects.forEach((object, i) => {
          const result = report.objects.find((o) => o.ref.name === object.name && o.ref.namespace === namespaceOf(i));
          assert.ok(result, `no result for ${object.name}`);
          const expected = expectedState(object.behavior);
          const allowed = discovery === undefined ? [expected] : [expected, 'error'];
          assert.ok(allowed.includes(result.state), `${object.name} answered ${JSON.stringify(object.behavior)}: reported ${result.state}, expected ${allowed.join(' or ')} (${result.error?.message ?? ''})`);
        });
      },
    ),
    fuzzParameters(40),
  );
  const growth = settledHeap(gc) - heapBefore;
  assert.ok(growth < 32 * 1024 * 1024, `the heap grew by ${(growth / 1024 / 1024).toFixed(1)} MB over ${cases} cases`);
});

test('any LIST answer: each object is what the list says of it, a broken list an error for each, never drift nor missing', { timeout: 30 * 60_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(
      // Three or more objects of one type in one namespace are read with one LIST.
      fc.uniqueArray(fc.record({ name: names, behavior: listedBehavior }), { minLength: 3, maxLength: 6, selector: (o) => o.name }),
      listFault,
      async (objects, fault) => {
        server.set({ objects, discovery: undefined, headers: {}, list: { fault } });
        const manifests = join(dir, 'manifests.yaml');
        await writeFile(manifests, objects.map((o) => JSON.stringify(configMap(o.name, LIST_NAMESPACE))).map((doc) => `---\n${doc}`).join('\n'));
        const report = await runCheck({ paths: [manifests], kubeconfig: join(dir, 'kubeconfig'), env: {}, homeDir: dir }, { logger: silentLogger });
        const problems = reportProblems(report);
        assert.deepEqual(problems, [], problems.join('\n'));
        for (const object of objects) {
          const result = report.objects.find((o) => o.ref.name === object.name);
          const expected = expectedListedState(object.behavior, fault);
          assert.equal(result?.state, expected, `${object.name} listed as ${JSON.stringify(object.behavior)} (list ${JSON.stringify(fault)}): ${result?.error?.message ?? ''}`);
        }
      },
    ),
    fuzzParameters(40),
  );
});
