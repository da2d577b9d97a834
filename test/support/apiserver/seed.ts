// Seeding: objects stored exactly as given (every field kept; only missing
// uid, resourceVersion and creationTimestamp are filled in), loaded from
// YAML or JSON files and folders.
import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { serveCrd } from './crd.js';
import { ResourceRegistry } from './registry.js';
import { timestamp, type ServerState } from './state.js';
import { isObject, splitApiVersion, stringField, type KubeObject, type ResourceType } from './types.js';
import { createObject, namespaceExists } from './writes.js';

/** The served type of an object; with `defineMissing`, a custom kind nobody defined gets a CRD, as its cluster would have. */
export function typeOfObject(state: ServerState, obj: KubeObject, defineMissing = false): ResourceType {
  const apiVersion = stringField(obj, 'apiVersion') ?? '';
  const kind = stringField(obj, 'kind') ?? '';
  const { group, version } = splitApiVersion(apiVersion);
  const type = state.registry.findKind(group, version, kind);
  if (type) return type;
  const builtinGroup = state.registry.all().some((t) => !t.custom && t.group === group);
  if (defineMissing && group && kind && !builtinGroup) {
    seedObjects(state, [implicitCrd(group, version, kind, isObject(obj.metadata) && obj.metadata.namespace !== undefined)]);
    return typeOfObject(state, obj);
  }
  throw new Error(`the server does not serve ${kind || '(no kind)'} in ${apiVersion || '(no apiVersion)'}`);
}

function plural(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

function implicitCrd(group: string, version: string, kind: string, namespaced: boolean): KubeObject {
  const names = { plural: plural(kind), singular: kind.toLowerCase(), kind, listKind: `${kind}List` };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${names.plural}.${group}` },
    spec: {
      group,
      names,
      scope: namespaced ? 'Namespaced' : 'Cluster',
      versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
}

export function ensureNamespace(state: ServerState, namespace: string): void {
  if (namespace && !namespaceExists(state, namespace)) {
    createObject(state, typeOfObject(state, { apiVersion: 'v1', kind: 'Namespace' }), { metadata: { name: namespace } }, undefined);
  }
}

function isCrd(obj: KubeObject): boolean {
  return obj.kind === 'CustomResourceDefinition' && String(obj.apiVersion).startsWith('apiextensions.k8s.io/');
}

/** Stores objects as they are, CRDs first so their custom resources can follow; creates missing namespaces. */
export function seedObjects(state: ServerState, objects: KubeObject[]): void {
  const ordered = [...objects.filter(isCrd), ...objects.filter((o) => !isCrd(o))];
  for (const original of ordered) {
    const type = typeOfObject(state, original, true);
    const metadata: KubeObject = isObject(original.metadata) ? { ...original.metadata } : {};
    const name = stringField(metadata, 'name');
    if (!name) throw new Error(`cannot seed ${String(original.kind)} without metadata.name`);
    const namespace = type.namespaced ? (stringField(metadata, 'namespace') ?? 'default') : '';
    if (type.namespaced) metadata.namespace = namespace;
    ensureNamespace(state, namespace);
    const seededVersion = Number(metadata.resourceVersion);
    const revision = state.store.nextRevision(Number.isFinite(seededVersion) ? seededVersion : 0);
    // Only absent fields are filled in: a seeded `creationTimestamp: null` stays null.
    if (metadata.uid === undefined) metadata.uid = randomUUID();
    if (metadata.resourceVersion === undefined) metadata.resourceVersion = String(revision);
    if (metadata.creationTimestamp === undefined) metadata.creationTimestamp = timestamp(state);
    const obj = { ...original, metadata };
    state.store.put(ResourceRegistry.storageKey(type), namespace, name, obj, revision);
    if (isCrd(obj)) serveCrd(state, obj);
  }
}

/** Splits `kind: List` (and any `*List` with items) into its objects. */
function flatten(doc: unknown): KubeObject[] {
  if (!isObject(doc)) return [];
  if (Array.isArray(doc.items) && typeof doc.kind === 'string' && doc.kind.endsWith('List')) return doc.items.filter(isObject);
  return [doc];
}

/** Reads every .yaml, .yml and .json file under the given files and folders (sorted by path). */
export async function loadObjectFiles(paths: string[]): Promise<KubeObject[]> {
  const objects: KubeObject[] = [];
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) {
      const names = (await readdir(path)).sort();
      objects.push(...(await loadObjectFiles(names.filter((n) => !n.startsWith('.')).map((n) => join(path, n)))));
      continue;
    }
    if (!/\.(ya?ml|json)$/.test(path)) continue;
    const text = await readFile(path, 'utf8');
    if (path.endsWith('.json')) {
      objects.push(...flatten(JSON.parse(text)));
      continue;
    }
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0]?.message ?? 'invalid YAML'}`);
      objects.push(...flatten(document.toJS()));
    }
  }
  return objects;
}
