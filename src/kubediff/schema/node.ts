// One place in a kind's OpenAPI v3 schema, compiled from the document into
// what the comparison asks: which fields exist (so which the server prunes),
// how a list is merged (atomic, set, map and its keys), whether a map is
// atomic, whether a value is a Quantity or an int-or-string, and its default.
// Children are compiled on first use and kept with the document, so a
// document is walked once however many objects and runs use it.
import type { Json, OpenApiDocument } from './document.js';

export interface ListKey {
  readonly name: string;
  /** The value the server fills in when an item leaves the key out (a port's `protocol: TCP`). */
  readonly default?: string | number | boolean;
}

export type ListType = 'atomic' | 'set' | 'map';

const QUANTITY_TYPE = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING_TYPE = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const OBJECT_META_REF = { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };
// controller-gen marks Quantity fields int-or-string with this pattern.
const QUANTITY_PATTERN = /\[KMGTPE\]i/;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export class SchemaNode {
  readonly listType: ListType | undefined;
  /** For a `map` list: the fields that identify an item. */
  readonly listKeys: readonly ListKey[] | undefined;
  readonly mapType: 'atomic' | 'granular' | undefined;
  readonly quantity: boolean;
  readonly intOrString: boolean;
  /** Whether `default` is set (a default may itself be null or false). */
  readonly hasDefault: boolean;
  readonly default: unknown;
  private readonly properties: Json | undefined;
  private readonly additional: unknown;
  private readonly items: unknown;
  /** The server keeps fields this object does not declare. */
  private readonly keepsUnknown: boolean;
  private readonly children = new Map<string, SchemaNode | undefined>();
  private itemNode: SchemaNode | undefined | null = null;

  /**
   * `name`: set when this node is a whole named component (reached through
   * $ref). A named object type without fields (RawExtension, FieldsV1) holds
   * anything; an inline one (in a CRD's structural schema) holds nothing it
   * does not declare.
   */
  constructor(
    private readonly document: OpenApiDocument,
    raw: Json,
    name: string | undefined,
  ) {
    const schema = document.flatten(raw);
    const refs = name === undefined ? document.refsOf(raw) : [name, ...document.refsOf(raw)];
    let properties = isJson(schema.properties) ? schema.properties : undefined;
    if (properties && schema['x-kubernetes-embedded-resource'] === true) {
      // An embedded resource implies apiVersion, kind and metadata (servers publish them; older ones may not).
      properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: OBJECT_META_REF, ...properties };
    }
    this.properties = properties;
    this.additional = schema.additionalProperties;
    this.items = schema.items;
    const declaresNothing = properties === undefined && this.additional === undefined;
    this.keepsUnknown =
      schema['x-kubernetes-preserve-unknown-fields'] === true ||
      this.additional === true ||
      (declaresNothing && (name !== undefined || schema.type !== 'object'));
    this.quantity =
      refs.includes(QUANTITY_TYPE) ||
      (schema['x-kubernetes-int-or-string'] === true && typeof schema.pattern === 'string' && QUANTITY_PATTERN.test(schema.pattern));
    this.intOrString = this.quantity || refs.includes(INT_OR_STRING_TYPE) || schema['x-kubernetes-int-or-string'] === true || schema.format === 'int-or-string';
    this.hasDefault = 'default' in schema;
    this.default = schema.default;
    const mapType = schema['x-kubernetes-map-type'];
    this.mapType = mapType === 'atomic' || mapType === 'granular' ? mapType : undefined;

    // x-kubernetes-list-type speaks first; a strategic-merge `merge` strategy says the same for older types.
    const listType = schema['x-kubernetes-list-type'];
    const strategy = typeof schema['x-kubernetes-patch-strategy'] === 'string' ? schema['x-kubernetes-patch-strategy'].split(',') : [];
    const mergeKey = typeof schema['x-kubernetes-patch-merge-key'] === 'string' ? schema['x-kubernetes-patch-merge-key'] : undefined;
    if (listType === 'atomic' || listType === 'set' || listType === 'map') this.listType = listType;
    else if (strategy.includes('merge') && schema.type === 'array') this.listType = mergeKey ? 'map' : 'set';
    else this.listType = undefined;
    const mapKeys = Array.isArray(schema['x-kubernetes-list-map-keys'])
      ? schema['x-kubernetes-list-map-keys'].filter((k): k is string => typeof k === 'string')
      : mergeKey
        ? [mergeKey]
        : [];
    this.listKeys = this.listType === 'map' && mapKeys.length > 0 ? mapKeys.map((name) => this.keyOf(name)) : undefined;
  }

  private keyOf(name: string): ListKey {
    const item = isJson(this.items) ? this.document.flatten(this.items) : {};
    const property = isJson(item.properties) ? item.properties[name] : undefined;
    const fallback = isJson(property) ? this.document.flatten(property).default : undefined;
    // Built-in schemas also list Go's zero values ("", 0) as defaults of required keys: those fill in nothing.
    return isScalar(fallback) && fallback !== '' && fallback !== 0 && fallback !== false ? { name, default: fallback } : { name };
  }

  /** The schema of field `key` of this object (or of any key, for a map); undefined when unknown. */
  field(key: string): SchemaNode | undefined {
    if (this.children.has(key)) return this.children.get(key);
    const raw = (this.properties && Object.hasOwn(this.properties, key) ? this.properties[key] : undefined) ?? (isJson(this.additional) ? this.additional : undefined);
    const child = isJson(raw) ? this.document.node(raw) : undefined;
    this.children.set(key, child);
    return child;
  }

  /** The schema of this list's items; undefined when unknown. */
  item(): SchemaNode | undefined {
    if (this.itemNode === null) this.itemNode = isJson(this.items) ? this.document.node(this.items) : undefined;
    return this.itemNode;
  }

  /** Whether the server drops field `key` of this object: not declared, and nothing lets unknown fields through. */
  prunes(key: string): boolean {
    if (this.keepsUnknown || isJson(this.additional)) return false;
    return !(this.properties && Object.hasOwn(this.properties, key));
  }
}
