// The schema server-side apply works with (structured-merge-diff's): which
// values are structs (named fields), maps (granular or atomic), lists (atomic,
// sets, or maps keyed by some fields) and scalars. Built from the OpenAPI v3
// documents for built-in kinds and from a CRD's openAPIV3Schema for custom
// ones; values without a schema are deduced from their shape, as the server
// does for `x-kubernetes-preserve-unknown-fields`.
import { BuiltinOpenApiDocuments } from './openapi-builtin.js';
import { isObject, type KubeObject, type ResourceType } from './types.js';

export interface StructField {
  readonly type: SsaType;
  /** A Go struct that is not a pointer: always present, `{}` when empty (its schema defaults it to {}). */
  readonly alwaysPresent: boolean;
}

export type SsaType =
  | { readonly kind: 'scalar' }
  | { readonly kind: 'untyped' }
  | { readonly kind: 'struct'; readonly atomic: boolean; field(name: string): StructField | undefined }
  | { readonly kind: 'map'; readonly atomic: boolean; readonly elements: SsaType }
  | {
      readonly kind: 'list';
      readonly listType: 'atomic' | 'set' | 'map';
      readonly keys: readonly string[];
      readonly elements: SsaType;
      /** The schema default of a key field, used for items that leave it out (a port's protocol). */
      keyDefault(name: string): unknown;
    };

export const SCALAR: SsaType = { kind: 'scalar' };
export const UNTYPED: SsaType = { kind: 'untyped' };
const UNTYPED_MAP: SsaType = { kind: 'map', atomic: false, elements: UNTYPED };
const ATOMIC_LIST: SsaType = { kind: 'list', listType: 'atomic', keys: [], elements: UNTYPED, keyDefault: () => undefined };

/** The type of `value` where the schema says `type`: shapeless values get the shape they have. */
export function resolve(type: SsaType, value: unknown): SsaType {
  if (type.kind !== 'untyped') return type;
  if (isObject(value)) return UNTYPED_MAP;
  if (Array.isArray(value)) return ATOMIC_LIST;
  return SCALAR;
}

type Lookup = (ref: string) => KubeObject | undefined;

/** Converts OpenAPI schemas lazily (definitions refer to each other, some recursively). */
class Converter {
  private readonly byRef = new Map<string, SsaType>();

  constructor(private readonly lookup: Lookup) {}

  convert(schema: unknown): SsaType {
    if (!isObject(schema)) return UNTYPED;
    const ref = refOf(schema);
    if (ref !== undefined) {
      const target = this.fromRef(ref);
      // A map-type on the property itself makes the referenced struct or map atomic.
      const atomic = schema['x-kubernetes-map-type'] === 'atomic' && (target.kind === 'struct' || target.kind === 'map');
      return atomic ? { ...target, atomic: true } : target;
    }
    if (schema['x-kubernetes-int-or-string'] === true || schema.format === 'int-or-string') return SCALAR;
    if (schema.type === 'array') return this.list(schema);
    const atomic = schema['x-kubernetes-map-type'] === 'atomic';
    if (isObject(schema.properties)) return this.struct(schema.properties, atomic);
    if (isObject(schema.additionalProperties)) return { kind: 'map', atomic, elements: this.convert(schema.additionalProperties) };
    if (schema.type === 'object' || schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties === true) return atomic ? { kind: 'map', atomic, elements: UNTYPED } : UNTYPED;
    return schema.type === undefined && schema.oneOf === undefined && schema.anyOf === undefined ? UNTYPED : SCALAR;
  }

  private fromRef(ref: string): SsaType {
    const known = this.byRef.get(ref);
    if (known) return known;
    // A placeholder first, for recursive definitions (JSONSchemaProps).
    const holder: { resolved?: SsaType } = {};
    this.byRef.set(ref, {
      kind: 'struct',
      atomic: false,
      field: (name) => (holder.resolved?.kind === 'struct' ? holder.resolved.field(name) : undefined),
    });
    holder.resolved = this.convert(this.lookup(ref));
    this.byRef.set(ref, holder.resolved);
    return holder.resolved;
  }

  private list(schema: KubeObject): SsaType {
    const listType = schema['x-kubernetes-list-type'];
    const keys = Array.isArray(schema['x-kubernetes-list-map-keys']) ? (schema['x-kubernetes-list-map-keys'] as string[]) : [];
    const elements = this.convert(schema.items);
    const itemSchema = this.itemSchema(schema.items);
    return {
      kind: 'list',
      listType: listType === 'set' ? 'set' : listType === 'map' && keys.length > 0 ? 'map' : 'atomic',
      keys,
      elements,
      keyDefault: (name) => {
        const property = isObject(itemSchema?.properties) ? itemSchema.properties[name] : undefined;
        return isObject(property) ? property.default : undefined;
      },
    };
  }

  private itemSchema(items: unknown): KubeObject | undefined {
    if (!isObject(items)) return undefined;
    const ref = refOf(items);
    return ref === undefined ? items : this.lookup(ref);
  }

  private struct(properties: KubeObject, atomic: boolean): SsaType {
    const fields = new Map<string, StructField>();
    return {
      kind: 'struct',
      atomic,
      field: (name) => {
        if (!Object.hasOwn(properties, name)) return undefined;
        let field = fields.get(name);
        if (!field) {
          const property = properties[name];
          const type = this.convert(property);
          const alwaysPresent = isObject(property) && isObject(property.default) && Object.keys(property.default).length === 0 && type.kind === 'struct';
          fields.set(name, (field = { type, alwaysPresent }));
        }
        return field;
      },
    };
  }
}

function refOf(schema: KubeObject): string | undefined {
  if (typeof schema.$ref === 'string') return schema.$ref;
  const first = Array.isArray(schema.allOf) ? schema.allOf[0] : undefined;
  return isObject(first) && typeof first.$ref === 'string' ? first.$ref : undefined;
}

// Kubernetes' documents are immutable data: read and converted once per process, for every server.
const documents = new BuiltinOpenApiDocuments();
const converters = new Map<string, Converter | undefined>();
const rootTypes = new Map<string, SsaType>();

function componentSchemas(group: string, version: string): KubeObject | undefined {
  const gvPath = group === '' ? `api/${version}` : `apis/${group}/${version}`;
  return documents.has(gvPath) ? documents.schemasOf(gvPath) : undefined;
}

/** The name of the component schema for a kind (by its x-kubernetes-group-version-kind). */
function schemaNameOfKind(schemas: KubeObject, group: string, version: string, kind: string): string | undefined {
  for (const [name, schema] of Object.entries(schemas)) {
    const gvks = isObject(schema) ? schema['x-kubernetes-group-version-kind'] : undefined;
    if (!Array.isArray(gvks)) continue;
    if (gvks.some((gvk) => isObject(gvk) && gvk.group === group && gvk.version === version && gvk.kind === kind)) return name;
  }
  return undefined;
}

/** The converter of a group-version's document; undefined when Kubernetes publishes none. */
function converterOf(group: string, version: string): Converter | undefined {
  const key = `${group}/${version}`;
  if (!converters.has(key)) {
    const schemas = componentSchemas(group, version);
    const lookup: Lookup = (ref) => {
      const schema = schemas?.[ref.replace('#/components/schemas/', '')];
      return isObject(schema) ? schema : undefined;
    };
    converters.set(key, schemas && new Converter(lookup));
  }
  return converters.get(key);
}

function builtinType(group: string, version: string, kind: string): SsaType {
  const key = `${group}/${version}/${kind}`;
  let type = rootTypes.get(key);
  if (!type) {
    const schemas = componentSchemas(group, version);
    const name = schemas && schemaNameOfKind(schemas, group, version, kind);
    const converter = converterOf(group, version);
    type = converter && name ? converter.convert({ $ref: `#/components/schemas/${name}` }) : UNTYPED;
    rootTypes.set(key, type);
  }
  return type;
}

const OBJECT_META = '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

const customTypes = new WeakMap<object, SsaType>();

/** The type of a custom resource: its CRD's schema, with the metadata every object has. */
function customType(type: ResourceType): SsaType {
  if (!type.schema) return UNTYPED;
  let known = customTypes.get(type.schema);
  if (!known) customTypes.set(type.schema, (known = convertCustom(type.schema)));
  return known;
}

function convertCustom(schema: KubeObject): SsaType {
  const root = new Converter(() => undefined).convert(schema);
  const meta = converterOf('', 'v1')?.convert({ $ref: OBJECT_META });
  if (root.kind !== 'struct' || !meta) return root;
  const metadata: StructField = { type: meta, alwaysPresent: true };
  return { ...root, field: (name) => (name === 'metadata' ? metadata : root.field(name)) };
}

/** The schema of objects of `type`, as server-side apply sees it. */
export function objectType(type: ResourceType): SsaType {
  return type.custom ? customType(type) : builtinType(type.group, type.version, type.kind);
}
