// The field manager each kubectl command really sends, read from the requests
// real kubectl (the oldest and newest the dispatcher has) makes against the
// emulated server, and the managedFields entry the server records for it:
// `?fieldManager=` when kubectl sends one, else the User-Agent's program
// (`kubectl`), as kube-apiserver derives it. kubediff's default applier and
// hand-edit managers are chosen from this table (see the README).
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startApiServer, type ApiServer, type KubeObject } from '../support/apiserver/index.js';
import { createKubectl, type Kubectl } from './kubectl.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

interface Observation {
  readonly command: string;
  readonly args: readonly string[];
  readonly input?: string;
  /** The object whose managedFields record it: apiVersion, kind, name, namespace. */
  readonly object: readonly [string, string, string, string?];
  /** The ?fieldManager= kubectl sends; null when it sends none. */
  readonly param: string | null;
  /** The entry the server records: manager, operation and subresource. */
  readonly entry: string;
}

const configMap = (name: string, value: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: shop}\ndata: {k: ${value}}\n`;

const OBSERVATIONS: readonly Observation[] = [
  { command: 'apply --server-side', args: ['apply', '--server-side', '-f', '-'], input: configMap('ssa', 'v1'), object: ['v1', 'ConfigMap', 'ssa', 'shop'], param: 'kubectl', entry: 'kubectl Apply' },
  { command: 'edit', args: ['edit', 'configmap', 'settings', '-n', 'shop'], object: ['v1', 'ConfigMap', 'settings', 'shop'], param: 'kubectl-edit', entry: 'kubectl-edit Update' },
  { command: 'patch', args: ['patch', 'service', 'web', '-n', 'shop', '-p', '{"spec":{"type":"LoadBalancer"}}'], object: ['v1', 'Service', 'web', 'shop'], param: 'kubectl-patch', entry: 'kubectl-patch Update' },
  { command: 'set env', args: ['set', 'env', 'deployment/web', '-n', 'shop', '-c', 'app', 'DEBUG=1'], object: ['apps/v1', 'Deployment', 'web', 'shop'], param: 'kubectl-set', entry: 'kubectl-set Update' },
  { command: 'label', args: ['label', 'configmap', 'settings', '-n', 'shop', 'owner=me'], object: ['v1', 'ConfigMap', 'settings', 'shop'], param: 'kubectl-label', entry: 'kubectl-label Update' },
  { command: 'annotate', args: ['annotate', 'configmap', 'settings', '-n', 'shop', 'note=hand'], object: ['v1', 'ConfigMap', 'settings', 'shop'], param: 'kubectl-annotate', entry: 'kubectl-annotate Update' },
  { command: 'scale', args: ['scale', 'deployment/web', '-n', 'shop', '--replicas=3'], object: ['apps/v1', 'Deployment', 'web', 'shop'], param: null, entry: 'kubectl Update scale' },
  { command: 'rollout restart', args: ['rollout', 'restart', 'deployment/web', '-n', 'shop'], object: ['apps/v1', 'Deployment', 'web', 'shop'], param: 'kubectl-rollout', entry: 'kubectl-rollout Update' },
  { command: 'create -f', args: ['create', '-f', '-'], input: configMap('made', 'v1'), object: ['v1', 'ConfigMap', 'made', 'shop'], param: 'kubectl-create', entry: 'kubectl-create Update' },
  { command: 'replace -f', args: ['replace', '-f', '-'], input: configMap('made', 'v2'), object: ['v1', 'ConfigMap', 'made', 'shop'], param: 'kubectl-replace', entry: 'kubectl-replace Update' },
  { command: 'taint', args: ['taint', 'node', 'node-1', 'dedicated=db:NoSchedule'], object: ['v1', 'Node', 'node-1'], param: 'kubectl-taint', entry: 'kubectl-taint Update' },
  { command: 'cordon', args: ['cordon', 'node-1'], object: ['v1', 'Node', 'node-1'], param: null, entry: 'kubectl Update' },
  { command: 'label --field-manager', args: ['label', 'configmap', 'settings', '-n', 'shop', 'team=a', '--field-manager=ops-script'], object: ['v1', 'ConfigMap', 'settings', 'shop'], param: 'ops-script', entry: 'ops-script Update' },
];

function entriesOf(obj: KubeObject | undefined): string[] {
  const metadata = (obj?.metadata ?? {}) as { managedFields?: Array<{ manager: string; operation: string; subresource?: string; time?: string }> };
  return (metadata.managedFields ?? []).map((e) => {
    assert.match(e.time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, `${e.manager} has a time`);
    return [e.manager, e.operation, e.subresource].filter(Boolean).join(' ');
  });
}

async function observe(server: ApiServer, kubectl: Kubectl, editor: string, observation: Observation): Promise<void> {
  server.requestLog.clear();
  const result = await kubectl.run([...observation.args], { input: observation.input, env: { KUBE_EDITOR: editor } });
  assert.equal(result.code, 0, `kubectl ${observation.command}: ${result.stderr}`);
  const writes = server.requestLog.entries.filter((e) => ['create', 'update', 'patch'].includes(e.verb));
  assert.ok(writes.length > 0, `kubectl ${observation.command} wrote something`);
  for (const write of writes) {
    assert.equal(new URLSearchParams(write.query).get('fieldManager'), observation.param, `kubectl ${observation.command}: ?fieldManager= of ${write.method} ${write.path}`);
    assert.match(write.userAgent, /^kubectl\/v1\.\d+\.\d+ /);
  }
  const [apiVersion, kind, name, namespace] = observation.object;
  assert.ok(entriesOf(server.getObject(apiVersion, kind, name, namespace)).includes(observation.entry), `kubectl ${observation.command} is recorded as ${observation.entry}`);
}

describe('the field manager of each kubectl command', { timeout: 300_000 }, () => {
  for (const minor of [27, 33]) {
    test(`kubectl 1.${minor}`, async () => {
      const server = await startApiServer({ minorVersion: minor });
      const kubectl = await createKubectl(server.kubeconfigPath);
      const dir = await mkdtemp(join(tmpdir(), 'kubediff-editor-'));
      try {
        const editor = join(dir, 'editor.sh');
        await writeFile(editor, '#!/bin/sh\nsed -i "s/color: blue/color: green/" "$1"\n');
        await chmod(editor, 0o755);
        server.apply({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } });
        server.requestLog.clear();
        const applied = await kubectl.run(['apply', '-f', fixture('app-v1.yaml')]);
        assert.equal(applied.code, 0, applied.stderr);
        const creates = server.requestLog.filter({ verb: 'create' });
        assert.equal(creates.length, 4);
        for (const create of creates) assert.equal(new URLSearchParams(create.query).get('fieldManager'), 'kubectl-client-side-apply');
        assert.deepEqual(entriesOf(server.getObject('v1', 'ConfigMap', 'settings', 'shop')), ['kubectl-client-side-apply Update']);

        for (const observation of OBSERVATIONS) await observe(server, kubectl, editor, observation);
      } finally {
        await rm(dir, { recursive: true, force: true });
        await kubectl.cleanup();
        await server.close();
      }
    });
  }
});
