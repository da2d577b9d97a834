// One OpenAPI v3 document of a group-version, parsed once: its component
// schemas indexed by the kinds they describe (x-kubernetes-group-version-kind),
// $ref and allOf-wrapped references resolved, and compiled nodes kept so that
// later objects and later runs reuse them.
import { SchemaNode } from './node.js';

export type Json = Record<string, unknown>;

const REF_PREFIX = '#/components/schemas/';

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** The component names a schema refers to directly or through `allOf`. */
function refNames(raw: Json): string[] {
  const names: string[] = [];
  if (typeof raw.$ref === 'string' && raw.$ref.startsWith(REF_PREFIX)) names.push(raw.$ref.slice(REF_PREFIX.length));
  if (Array.isArray(raw.allOf)) {
    for (const part of raw.allOf) {
      if (isJson(part) && typeof part.$ref === 'string' && part.$ref.startsWith(REF_PREFIX)) names.push(part.$ref.slice(REF_PREFIX.length));
    }
  }
  return names;
}

export class OpenApiDocument {
  private readonly schemas: Json;
  private readonly kinds = new Map<string, string>();
  private readonly named = new Map<string, SchemaNode>();
  private readonly inline = new WeakMap<Json, SchemaNode>();

  /** Throws when the document is not an OpenAPI document with components. */
  constructor(document: unknown) {
    const components = isJson(document) ? document.components : undefined;
    const schemas = isJson(components) ? components.schemas : undefined;
    if (!isJson(schemas)) throw new Error('the document has no components.schemas');
    this.schemas = schemas;
    for (const [name, schema] of Object.entries(schemas)) {
      if (!isJson(schema)) continue;
      const gvks = schema['x-kubernetes-group-version-kind'];
      for (const gvk of Array.isArray(gvks) ? gvks : [gvks]) {
        if (!isJson(gvk) || typeof gvk.kind !== 'string' || typeof gvk.version !== 'string') continue;
        const key = kindKey(typeof gvk.group === 'string' ? gvk.group : '', gvk.version, gvk.kind);
        // The first schema naming a kind wins (a kind is described once per document).
        if (!this.kinds.has(key)) this.kinds.set(key, name);
      }
    }
  }

  /** How many kinds the document describes. */
  get kindCount(): number {
    return this.kinds.size;
  }

  /** The schema of a kind, or undefined when the document does not describe it. */
  forKind(group: string, version: string, kind: string): SchemaNode | undefined {
    const name = this.kinds.get(kindKey(group, version, kind));
    return name === undefined ? undefined : this.namedNode(name);
  }

  private namedNode(name: string): SchemaNode | undefined {
    let node = this.named.get(name);
    if (!node) {
      const raw = this.schemas[name];
      if (!isJson(raw)) return undefined;
      node = new SchemaNode(this, raw, name);
      this.named.set(name, node);
    }
    return node;
  }

  /** The node for a schema found inside another; a plain reference shares the named component's node. */
  node(raw: Json): SchemaNode | undefined {
    const refs = refNames(raw);
    const onlyReference = refs.length === 1 && raw.properties === undefined && raw.items === undefined && raw.additionalProperties === undefined;
    if (onlyReference) return this.namedNode(refs[0] as string);
    let node = this.inline.get(raw);
    if (!node) {
      node = new SchemaNode(this, raw, undefined);
      this.inline.set(raw, node);
    }
    return node;
  }

  /** The schema with its references merged in (its own keys win), without the reference keywords. */
  flatten(raw: Json, seen: ReadonlySet<string> = new Set()): Json {
    const refs = refNames(raw);
    if (refs.length === 0) return raw;
    const merged: Json = {};
    for (const name of refs) {
      const target = this.schemas[name];
      // A reference cycle (only a broken or hostile document has one) ends here.
      if (isJson(target) && !seen.has(name)) Object.assign(merged, this.flatten(target, new Set([...seen, name])));
    }
    const { $ref: _ref, allOf: _allOf, ...own } = raw;
    return { ...merged, ...own };
  }

  refsOf(raw: Json): string[] {
    return refNames(raw);
  }
}
