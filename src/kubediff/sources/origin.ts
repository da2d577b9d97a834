// kustomize's origin annotation (`buildMetadata: [originAnnotations]`) says
// which file declared each object, or which generator made it. kubediff asks
// for it through a wrapper kustomization, so it is kubediff's bookkeeping, not
// part of what was applied: read, then removed from the object before it is
// compared (else every object would "drift" by one annotation). When the
// user's own kustomization asks for it, it is applied with the objects and stays.
import { join, relative, resolve } from 'node:path';
import jsyaml from 'js-yaml';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/**
 * The origin of one built object, for people: a path written like the
 * kustomization folder's (`ldap/base/deployment.yaml`), a remote file
 * (`https://github.com/org/repo/deploy.yaml?ref=v1`), or the generator
 * (`ldap/base/kustomization.yaml (ConfigMapGenerator)`). Undefined without
 * the annotation.
 *
 * `relativeTo` is the folder the annotation's paths are relative to (the
 * wrapper's, or the kustomization's own); `shownDir` is the kustomization
 * folder as the user named it, and `realDir` where it is.
 */
export function readOrigin(
  object: Record<string, unknown>,
  paths: { readonly relativeTo: string; readonly shownDir: string; readonly realDir: string },
  strip: boolean,
): string | undefined {
  const metadata = object.metadata;
  if (!isRecord(metadata) || !isRecord(metadata.annotations)) return undefined;
  const annotations = metadata.annotations;
  const text = annotations[ORIGIN_ANNOTATION];
  if (strip) {
    delete annotations[ORIGIN_ANNOTATION];
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
  if (typeof text !== 'string') return undefined;
  let origin: unknown;
  try {
    origin = jsyaml.load(text, { schema: jsyaml.FAILSAFE_SCHEMA });
  } catch {
    return undefined;
  }
  if (!isRecord(origin)) return undefined;
  const shown = (path: string): string => join(paths.shownDir, relative(paths.realDir, resolve(paths.relativeTo, path)));
  const { path, repo, ref, configuredIn, configuredBy } = origin;
  if (typeof repo === 'string') {
    return `${repo}${typeof path === 'string' ? `/${path}` : ''}${typeof ref === 'string' ? `?ref=${ref}` : ''}`;
  }
  if (typeof path === 'string') return shown(path);
  if (typeof configuredIn === 'string') {
    const by = isRecord(configuredBy) && typeof configuredBy.kind === 'string' ? ` (${configuredBy.kind})` : '';
    return `${shown(configuredIn)}${by}`;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
