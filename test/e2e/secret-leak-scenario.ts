// The Secrets of the leak test: manifests in git and the live objects, each
// Secret shaped like one people have (Opaque data, stringData, a docker
// config, kubectl's last-applied annotation holding the values) and drifted
// the ways Secrets drift. Every value is distinctive so that a search of the
// outputs cannot miss it; a ConfigMap value is the control that the search
// does find values when they are printed.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { withLastApplied, type ApiServer, type KubeObject } from '../support/apiserver/index.js';

export const NAMESPACE = 'payments';
/** Shown in the outputs: a ConfigMap value is not secret. */
export const CONTROL_VALUE = 'visible-CONTROL-value';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

const V = {
  alpha: 's3cr3t-VALUE-alpha',
  short: 'hunter2',
  bravoApplied: 's3cr3t-VALUE-bravo-applied',
  bravoGit: 's3cr3t-VALUE-bravo-git',
  charlieApplied: 's3cr3t-VALUE-charlie-applied',
  charlieEdited: 's3cr3t-VALUE-charlie-edited',
  charlieGit: 's3cr3t-VALUE-charlie-git',
  delta: 's3cr3t-VALUE-delta',
  echoApplied: 's3cr3t-VALUE-echo-applied',
  echoGit: 's3cr3t-VALUE-echo-git',
  foxtrot: 's3cr3t-VALUE-foxtrot',
  // Characters that HTML and JSON escape, in a value git removed but live still has.
  golfRemoved: 'Tr0ub4dor&3<golf>"q"',
  hotelMissing: 's3cr3t-VALUE-hotel-absent',
  india: 's3cr3t-VALUE-india',
  julietAdded: 's3cr3t-VALUE-juliet-by-hand',
  novemberEdited: 's3cr3t-VALUE-november-by-edit',
  oscarApplied: 's3cr3t-VALUE-oscar-applied',
  oscarPatched: 's3cr3t-VALUE-oscar-by-patch',
  papaApplied: 's3cr3t-VALUE-papa-applied',
  papaGit: 's3cr3t-VALUE-papa-git',
  kiloUnquoted: 'kilo-UNQUOTED-9',
  lima: 's3cr3t-VALUE-lima',
  mike: 's3cr3t-VALUE-mike',
  // Under a misspelled `stringdata:`: the API server drops the field (the cluster's schema says so), the manifest still holds it.
  november: 's3cr3t-VALUE-november-typo',
  // kustomize: a secretGenerator literal (the Secret is built, and missing live),
  // and a literal without `=` that kustomize quotes in its error.
  oscarGenerated: 's3cr3t-VALUE-oscar-generated',
  papaBadLiteral: 's3cr3t-VALUE-papa-bad-literal',
};

function dockerConfig(password: string): string {
  const auth = b64(`robot$payments:${password}`);
  return JSON.stringify({ auths: { 'registry.example.com': { username: 'robot$payments', password, auth } } });
}

/** Every Secret value of the scenario, as written by people (plain text); the search adds the encodings. */
export const SECRET_VALUES: readonly string[] = Object.values(V);
/** Values made of secret and non-secret parts: searched for whole. */
export const COMPOSITE_SECRET_VALUES: readonly string[] = [
  dockerConfig(V.echoApplied),
  dockerConfig(V.echoGit),
  b64(`robot$payments:${V.echoApplied}`),
  b64(`robot$payments:${V.echoGit}`),
];

type Obj = KubeObject;
const secret = (name: string, fields: Obj, metadata: Obj = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: NAMESPACE, labels: { app: 'payments' }, ...metadata },
  type: 'Opaque',
  ...fields,
});
const dockerSecret = (password: string): Obj =>
  secret('registry-creds', { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(dockerConfig(password)) } });
const settings = (level: string): Obj => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'payments-settings', namespace: NAMESPACE },
  data: { LOG_LEVEL: level },
});

/** What git holds: file name -> text. */
export function gitFiles(): Record<string, string> {
  const yaml = (obj: Obj): string => stringify(obj);
  return {
    'opaque-in-sync.yaml': yaml(secret('opaque-in-sync', { data: { password: b64(V.alpha), pin: b64(V.short) } })),
    'opaque-changed.yaml': yaml(secret('opaque-changed', { data: { password: b64(V.bravoGit) } })),
    'stringdata-changed.yaml': yaml(secret('stringdata-changed', { stringData: { 'api-key': V.charlieGit, user: 'svc-charlie' } })),
    'stringdata-in-sync.yaml': yaml(secret('stringdata-in-sync', { stringData: { password: V.delta, pin: V.short } })),
    'registry-creds.yaml': yaml(dockerSecret(V.echoGit)),
    'key-removed.yaml': yaml(secret('key-removed', { data: { password: b64(V.foxtrot) } })),
    'missing-live.yaml': yaml(secret('missing-live', { data: { password: b64(V.hotelMissing) }, stringData: { pin: V.short } })),
    'key-added-live.yaml': yaml(secret('key-added-live', { data: { password: b64(V.india) } })),
    'hand-edited.yaml': yaml(secret('hand-edited', { data: { password: b64(V.oscarApplied) } })),
    // Changed, but an ignore rule hides it: suppressed, and still masked.
    'ignored-change.yaml': yaml(secret('ignored-change', { data: { password: b64(V.papaGit) } })),
    'settings.yaml': yaml(settings('info')),
    // Broken manifests: a JSON typo (an unquoted value), data as a list, annotations as a list.
    'json-typo.json': `{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "json-typo", "namespace": "${NAMESPACE}"},\n "stringData": {"password": ${V.kiloUnquoted}}}\n`,
    'list-data.yaml': yaml(secret('list-data', { data: [b64(V.lima)] })),
    'annotations-list.yaml': yaml(secret('annotations-list', { data: { password: b64(V.mike) } }, { annotations: [] })),
    'misspelled-field.yaml': yaml(secret('misspelled-field', { stringdata: { password: V.november }, data: { user: b64('svc-november') } })),
  };
}

/** Kustomizations (folders built with kustomize): path -> text. */
export function kustomizeFiles(): Record<string, string> {
  return {
    'kustomize-app/kustomization.yaml': `namespace: ${NAMESPACE}\nnamePrefix: kz-\nsecretGenerator:\n- name: generated\n  literals:\n  - password=${V.oscarGenerated}\n`,
    'kustomize-broken/kustomization.yaml': `secretGenerator:\n- name: broken\n  literals:\n  - ${V.papaBadLiteral}\n`,
  };
}

/** The ignore file of the scenario (kept outside the manifests): it hides one Secret's changed value. */
export const IGNORE_FILE = 'rules:\n- name: rotated-by-vault\n  match: {kind: Secret, name: ignored-change}\n  paths: [".data.password"]\n';

export async function writeGitFiles(dir: string): Promise<void> {
  for (const [file, text] of Object.entries(gitFiles())) await writeFile(join(dir, file), text);
  for (const [file, text] of Object.entries(kustomizeFiles())) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text);
  }
}

/** Changes a live object the way `kubectl edit` or `kubectl patch` would: the last-applied annotation stays; `manager` is the one recorded. */
function edit(server: ApiServer, name: string, change: (obj: Obj) => void, manager?: string): void {
  const obj = server.getObject('v1', 'Secret', name, NAMESPACE);
  if (!obj) throw new Error(`secret-leak scenario: ${name} is not live`);
  change(obj);
  server.apply(obj, manager === undefined ? {} : { manager });
}

/** The cluster: what `kubectl apply` left (values in the last-applied annotation), then hand edits. */
export function applyLive(server: ApiServer): void {
  const apply = (obj: Obj) => server.apply(withLastApplied(obj));
  apply(secret('opaque-in-sync', { data: { password: b64(V.alpha), pin: b64(V.short) } }));
  apply(secret('opaque-changed', { data: { password: b64(V.bravoApplied) } }));
  // Applied from stringData (the annotation keeps it in plain text), then edited by hand.
  apply(secret('stringdata-changed', { stringData: { 'api-key': V.charlieApplied, user: 'svc-charlie' } }));
  edit(server, 'stringdata-changed', (obj) => ((obj.data as Obj)['api-key'] = b64(V.charlieEdited)));
  apply(secret('stringdata-in-sync', { stringData: { password: V.delta, pin: V.short } }));
  apply(dockerSecret(V.echoApplied));
  apply(secret('key-removed', { data: { password: b64(V.foxtrot), 'old-token': b64(V.golfRemoved) } }));
  apply(secret('key-added-live', { data: { password: b64(V.india) } }));
  edit(server, 'key-added-live', (obj) => ((obj.data as Obj).extra = b64(V.julietAdded)));
  // Hand edits that managedFields attribute: a key added with kubectl edit, a value changed with kubectl patch.
  apply(secret('hand-edited', { data: { password: b64(V.oscarApplied) } }));
  edit(server, 'hand-edited', (obj) => ((obj.data as Obj).token = b64(V.novemberEdited)), 'kubectl-edit');
  edit(server, 'hand-edited', (obj) => ((obj.data as Obj).password = b64(V.oscarPatched)), 'kubectl-patch');
  apply(secret('ignored-change', { data: { password: b64(V.papaApplied) } }));
  apply(secret('list-data', { data: { password: b64(V.lima) } }));
  apply(secret('annotations-list', { data: { password: b64(V.mike) } }));
  // Applied with the typo (kept in the last-applied annotation), which the server dropped from the object.
  apply(secret('misspelled-field', { stringdata: { password: V.november }, data: { user: b64('svc-november') } }));
  edit(server, 'misspelled-field', (obj) => delete obj.stringdata);
  apply(settings(CONTROL_VALUE));
}
