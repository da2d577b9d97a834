// Reads a kustomization file for what kubediff needs before building it: the
// local paths it uses (so a base used by overlays found in the same walk is
// left to them), whether it is a Component (never built on its own), whether
// it asks for origin annotations itself, and the secretGenerator literals
// (so a failed build's stderr never shows them).
import { join, resolve } from 'node:path';
import jsyaml from 'js-yaml';
import { decodeText } from '../../files/decode-text.js';
import { FileReadError, readBoundedFile } from '../../files/read-bounded.js';
import { MAX_DEPTH } from '../manifests/bounds.js';

/** kustomize's own names for the file, in the order it looks for them. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;
const MAX_KUSTOMIZATION_BYTES = 1024 * 1024;

export interface Kustomization {
  /** The kustomization file. */
  readonly file: string;
  /** `Component` for kind: Component (kustomize.config.k8s.io/v1alpha1). */
  readonly kind: 'Kustomization' | 'Component';
  /** Absolute local paths it names: resources, bases, components, patches, generator files, ... */
  readonly uses: readonly string[];
  /** buildMetadata lists originAnnotations: the annotation is the user's, and applied with the objects. */
  readonly declaresOrigin: boolean;
  /** secretGenerator literal values, never to be shown. */
  readonly secretLiterals: readonly string[];
}

export type KustomizationRead = { readonly ok: true; readonly kustomization: Kustomization } | { readonly ok: false; readonly problem: string };

/** Fields whose entries are paths (strings), relative to the kustomization's folder. */
const PATH_LISTS = ['resources', 'bases', 'components', 'crds', 'configurations', 'patchesStrategicMerge', 'generators', 'transformers', 'validators'];
/** Fields holding a list of objects with a `path`. */
const PATH_OBJECT_LISTS = ['patches', 'patchesJson6902', 'replacements'];
const GENERATORS = ['configMapGenerator', 'secretGenerator'];

/** The kustomization file in `dir`, by kustomize's names; undefined when there is none. */
export function kustomizationFileIn(dir: string, names: readonly string[]): string | undefined {
  const name = KUSTOMIZATION_FILE_NAMES.find((candidate) => names.includes(candidate));
  return name === undefined ? undefined : join(dir, name);
}

export async function readKustomization(file: string, dir: string, signal?: AbortSignal): Promise<KustomizationRead> {
  let value: unknown;
  try {
    const decoded = decodeText(await readBoundedFile(file, { maxBytes: MAX_KUSTOMIZATION_BYTES, ...(signal ? { signal } : {}) }));
    if (!decoded.ok) return { ok: false, problem: `${file} ${decoded.problem}` };
    value = jsyaml.load(decoded.text, { schema: jsyaml.CORE_SCHEMA, maxDepth: MAX_DEPTH } as jsyaml.LoadOptions);
  } catch (error) {
    if (error instanceof FileReadError) return { ok: false, problem: error.message };
    if (error instanceof jsyaml.YAMLException) return { ok: false, problem: `${file}: ${error.reason}${error.mark ? ` (line ${error.mark.line + 1})` : ''}` };
    throw error;
  }
  if (value === null || value === undefined) value = {};
  if (!isRecord(value)) return { ok: false, problem: `${file}: expected a kustomization (a YAML mapping)` };
  const uses = new Set<string>();
  const add = (entry: unknown): void => {
    if (typeof entry !== 'string' || entry.trim() === '' || entry.includes('\n') || isRemote(entry)) return;
    uses.add(resolve(dir, entry));
  };
  for (const field of PATH_LISTS) for (const entry of list(value[field])) add(entry);
  for (const field of PATH_OBJECT_LISTS) for (const entry of list(value[field])) if (isRecord(entry)) add(entry.path);
  const secretLiterals: string[] = [];
  for (const field of GENERATORS) {
    for (const generator of list(value[field])) {
      if (!isRecord(generator)) continue;
      // `files: [key=path]` or `[path]`; `envs: [path]`; the older `env: path`.
      for (const entry of list(generator.files)) if (typeof entry === 'string') add(entry.slice(entry.indexOf('=') + 1));
      for (const entry of [...list(generator.envs), generator.env]) add(entry);
      if (field === 'secretGenerator') {
        for (const literal of list(generator.literals)) if (typeof literal === 'string') secretLiterals.push(...literalParts(literal));
      }
    }
  }
  if (isRecord(value.openapi)) add(value.openapi.path);
  const buildMetadata = list(value.buildMetadata);
  return {
    ok: true,
    kustomization: {
      file,
      kind: value.kind === 'Component' ? 'Component' : 'Kustomization',
      uses: [...uses],
      declaresOrigin: buildMetadata.includes('originAnnotations'),
      secretLiterals,
    },
  };
}

/** A remote resource: a URL, or go-getter's `github.com/org/repo//path?ref=`. */
function isRemote(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(entry) || entry.includes('?ref=');
}

/** `password=hunter2` hides both the whole literal and its value. */
function literalParts(literal: string): string[] {
  const value = literal.slice(literal.indexOf('=') + 1);
  return [literal, value].filter((part) => part.length >= 4);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
