// The comparison with the cluster's OpenAPI v3 schema: the real 1.33
// documents for built-in kinds, and the document the emulated server builds
// from Kueue's ClusterQueue CRD (a controller-gen CRD with Quantity fields,
// nested map lists and defaults), as kube-apiserver publishes it.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { compareObject } from '../../../src/kubediff/compare/compare.js';
import { OpenApiDocument, type SchemaNode } from '../../../src/kubediff/schema/index.js';
import { startApiServer, type ApiServer } from '../../support/apiserver/index.js';
import { realSchemas } from '../helpers/real-schemas.js';
import { applied, deployment, paths, type Obj } from './helpers.js';

const rules = (result: { suppressed: readonly { path: string; rule?: string }[] }): string[] => result.suppressed.map((s) => `${s.path} ${s.rule}`);

function withSchema(apiVersion: string, kind: string): { hpaTargeted: false; schema: SchemaNode } {
  const schema = realSchemas.forKind(apiVersion, kind);
  assert.ok(schema, `no 1.33 schema for ${apiVersion} ${kind}`);
  return { hpaTargeted: false, schema };
}

describe('built-in kinds with the 1.33 schema', () => {
  const context = withSchema('apps/v1', 'Deployment');

  test('a field the schema does not declare is pruned: not drift, recorded as such', () => {
    const git = deployment({ imagePullPolicyy: 'Always' });
    const live = deployment({});
    const result = compareObject(git, applied(git, live), context);
    assert.deepEqual(result.differences, []);
    assert.equal(result.diff, '');
    assert.deepEqual(rules(result), ['.spec.template.spec.containers[name=app].imagePullPolicyy pruned']);
    // Without the schema the same field reads as missing live.
    assert.deepEqual(paths(compareObject(git, applied(git, live), { hpaTargeted: false })), ['.spec.template.spec.containers[name=app].imagePullPolicyy']);
  });

  test('a declared field removed live is still drift, and an undeclared field present live is compared', () => {
    const git = deployment({ imagePullPolicy: 'Always', bogus: 'x' });
    const live = deployment({ bogus: 'y' });
    const result = compareObject(git, applied(git, live), context);
    assert.deepEqual(paths(result).sort(), ['.spec.template.spec.containers[name=app].bogus', '.spec.template.spec.containers[name=app].imagePullPolicy']);
  });

  test('lists follow the schema: keyed where it says map (key defaults included), atomic where it says atomic', () => {
    const git = deployment({ ports: [{ containerPort: 8080 }, { containerPort: 53, protocol: 'UDP' }] });
    const live = deployment({ ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 8080, protocol: 'TCP' }] });
    assert.deepEqual(compareObject(git, applied(git, live), context).differences, []);

    // ServiceAccount.imagePullSecrets has no merge key: applying replaces the list, so an item added live is drift.
    const sa = (secrets: string[]): Obj => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'prod' }, imagePullSecrets: secrets.map((name) => ({ name })) });
    const result = compareObject(sa(['registry']), sa(['registry', 'added-by-an-operator']), withSchema('v1', 'ServiceAccount'));
    assert.deepEqual(paths(result), ['.imagePullSecrets[1]']);
  });

  test('Quantity fields the schema references compare by value, beyond the built-in table', () => {
    const capacity = (value: string): Obj => ({ apiVersion: 'storage.k8s.io/v1', kind: 'CSIStorageCapacity', metadata: { name: 'c', namespace: 'prod' }, storageClassName: 'fast', capacity: value, maximumVolumeSize: value });
    const git = capacity('1Gi');
    const live = capacity('1024Mi');
    const result = compareObject(git, applied(git, live), withSchema('storage.k8s.io/v1', 'CSIStorageCapacity'));
    assert.deepEqual(result.differences, []);
    assert.deepEqual(rules(result), ['.capacity quantity', '.maximumVolumeSize quantity']);
    assert.deepEqual(paths(compareObject(git, applied(git, live), { hpaTargeted: false })), ['.capacity', '.maximumVolumeSize'], 'the table does not know these');
  });

  test('a misspelled field of a Secret (stringdata) is pruned, and its values are masked, with and without the schema', () => {
    const secret = (fields: Obj): Obj => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'prod' }, type: 'Opaque', ...fields });
    const git = secret({ stringdata: { password: 'hunter2-typo' }, data: { user: 'dXNlcg==' } });
    const live = secret({ data: { user: 'dXNlcg==' } });
    const withRealSchema = compareObject(git, applied(git, live), withSchema('v1', 'Secret'));
    assert.deepEqual(withRealSchema.differences, []);
    assert.deepEqual(withRealSchema.suppressed, [{ path: '.stringdata', kind: 'missing-live', want: { password: '<masked>' }, rule: 'pruned' }]);
    const without = compareObject(git, applied(git, live), { hpaTargeted: false });
    assert.deepEqual(without.differences, [{ path: '.stringdata', kind: 'missing-live', want: { password: '<masked>' } }]);
    assert.ok(!JSON.stringify([withRealSchema, without]).includes('hunter2-typo'));
  });

  test('a caBundle placeholder that decodes to whitespace counts as empty; a real one still compares', () => {
    const webhook = (caBundle: string): Obj => ({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'hooks' },
      webhooks: [{ name: 'check.example.com', clientConfig: { service: { name: 'svc', namespace: 'x' }, caBundle }, admissionReviewVersions: ['v1'], sideEffects: 'None' }],
    });
    const injected = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUI=';
    for (const placeholder of ['Cg==', 'IAo=', 'CQ0K']) {
      const git = webhook(placeholder);
      const result = compareObject(git, applied(git, webhook(injected)), { hpaTargeted: false });
      assert.deepEqual(result.differences, [], placeholder);
      assert.deepEqual(rules(result), ['.webhooks[name=check.example.com].clientConfig.caBundle ca-bundle']);
    }
    const real = webhook('TUlJQg==');
    assert.deepEqual(paths(compareObject(real, applied(real, webhook(injected)), { hpaTargeted: false })), ['.webhooks[name=check.example.com].clientConfig.caBundle']);
  });
});

describe('a controller-gen CRD with the schema the server publishes', () => {
  let server: ApiServer;
  let schema: SchemaNode;

  before(async () => {
    server = await startApiServer();
    const crd = fileURLToPath(new URL('../../fixtures/crds/kueue.x-k8s.io_clusterqueues.yaml', import.meta.url));
    server.apply(parseYaml(await readFile(crd, 'utf8')));
    const index = (await (await fetch(`${server.url}/openapi/v3`)).json()) as { paths: Record<string, { serverRelativeURL: string }> };
    const document = new OpenApiDocument(await (await fetch(server.url + (index.paths['apis/kueue.x-k8s.io/v1beta2']?.serverRelativeURL ?? ''))).json());
    const node = document.forKind('kueue.x-k8s.io', 'v1beta2', 'ClusterQueue');
    assert.ok(node);
    schema = node;
  });
  after(async () => {
    await server.close();
  });

  const queue = (flavors: Obj[], spec: Obj = {}): Obj => ({
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'ClusterQueue',
    metadata: { name: 'team-a' },
    spec: { namespaceSelector: {}, resourceGroups: [{ coveredResources: ['cpu', 'memory'], flavors }], ...spec },
  });
  const flavor = (name: string, cpu: unknown, memory: unknown): Obj => ({ name, resources: [{ name: 'cpu', nominalQuota: cpu }, { name: 'memory', nominalQuota: memory }] });

  test('2000m in git and 2 live is in sync: the schema marks nominalQuota a Quantity', () => {
    const git = queue([flavor('default', '2000m', '1Gi')]);
    const live = queue([flavor('default', '2', '1024Mi')]);
    const result = compareObject(git, applied(git, live), { hpaTargeted: false, schema });
    assert.deepEqual(result.differences, []);
    assert.deepEqual(rules(result).sort(), [
      '.spec.resourceGroups[0].flavors[name=default].resources[name=cpu].nominalQuota quantity',
      '.spec.resourceGroups[0].flavors[name=default].resources[name=memory].nominalQuota quantity',
    ]);
    // Without the schema, a custom resource's quantities are plain strings.
    assert.equal(compareObject(git, applied(git, live), { hpaTargeted: false }).differences.length, 2);
  });

  test('map-list items reordered are in sync; a change inside one is reported at [name=...]', () => {
    const git = queue([flavor('default', '2', '1Gi'), flavor('spot', '4', '2Gi')]);
    const reordered = queue([
      { name: 'spot', resources: [{ name: 'memory', nominalQuota: '2Gi' }, { name: 'cpu', nominalQuota: '4' }] },
      flavor('default', '2', '1Gi'),
    ]);
    assert.deepEqual(compareObject(git, applied(git, reordered), { hpaTargeted: false, schema }).differences, []);

    const changed = queue([flavor('spot', '4', '3Gi'), flavor('default', '2', '1Gi')]);
    const result = compareObject(git, applied(git, changed), { hpaTargeted: false, schema });
    assert.deepEqual(result.differences, [
      { path: '.spec.resourceGroups[0].flavors[name=spot].resources[name=memory].nominalQuota', kind: 'changed', want: '2Gi', have: '3Gi' },
    ]);
  });

  test('a field the structural schema does not declare is pruned, not drift', () => {
    const git = queue([flavor('default', '2', '1Gi')], { bogus: { nested: true } });
    const live = queue([flavor('default', '2', '1Gi')]);
    const result = compareObject(git, applied(git, live), { hpaTargeted: false, schema });
    assert.deepEqual(result.differences, []);
    assert.deepEqual(result.suppressed, [{ path: '.spec.bogus', kind: 'missing-live', want: { nested: true }, rule: 'pruned' }]);
  });

  test('git\'s value equal to the schema default against nothing live is not drift; another value is', () => {
    const git = queue([flavor('default', '2', '1Gi')], { queueingStrategy: 'BestEffortFIFO', stopPolicy: 'None' });
    const live = queue([flavor('default', '2', '1Gi')]);
    const result = compareObject(git, applied(git, live), { hpaTargeted: false, schema });
    assert.deepEqual(result.differences, []);
    assert.deepEqual(rules(result).sort(), ['.spec.queueingStrategy schema-default', '.spec.stopPolicy schema-default']);
    const other = queue([flavor('default', '2', '1Gi')], { queueingStrategy: 'StrictFIFO' });
    assert.deepEqual(paths(compareObject(other, applied(other, live), { hpaTargeted: false, schema })), ['.spec.queueingStrategy']);
  });
});
