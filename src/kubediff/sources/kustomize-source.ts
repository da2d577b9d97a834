// One kustomization as a source: built with kustomize (once nothing it would
// read is a FIFO or a device: build-inputs.ts), its output parsed into
// objects that name the kustomization folder, the document of the build and
// (from kustomize's origin annotations) the file that declared each object.
import { resolve } from 'node:path';
import { decodeText } from '../../files/decode-text.js';
import { displayCommand } from '../../runner/command-task.js';
import { manifestError } from '../manifests/types.js';
import type { ManifestObject } from '../manifests/types.js';
import { unsafeBuildInput } from './build-inputs.js';
import { buildKustomization, type KustomizeOptions } from './kustomize-build.js';
import type { Kustomization } from './kustomization-file.js';
import { readOrigin } from './origin.js';
import { objectsOfText, type SourceObjects } from './source-objects.js';

export async function loadKustomization(dir: string, kustomization: Kustomization | undefined, options: KustomizeOptions): Promise<SourceObjects> {
  const unsafe = await unsafeBuildInput(dir, kustomization, { maxBytes: options.maxOutputBytes, ...(options.signal ? { signal: options.signal } : {}) });
  if (unsafe !== undefined) return { objects: [], errors: [manifestError(dir, undefined, `cannot build the kustomization ${dir}: ${unsafe}`)], notices: [] };
  const built = await buildKustomization(dir, kustomization, options);
  if (!built.ok) return { objects: [], errors: [manifestError(dir, undefined, built.problem)], notices: [] };
  const decoded = decodeText(built.output);
  if (!decoded.ok) return { objects: [], errors: [manifestError(dir, undefined, `the build of ${dir} ${decoded.problem}`)], notices: [] };
  const command = displayCommand([...options.command, dir]);
  const result = objectsOfText(decoded.text, false, { file: dir, built: { label: `${dir} (kustomize build)`, build: { tool: 'kustomize', command } } });
  const paths = { relativeTo: built.originsRelativeTo, shownDir: dir, realDir: resolve(dir) };
  const objects = result.objects.map((manifest): ManifestObject => {
    const origin = readOrigin(manifest.object, paths, built.ownOrigins);
    if (origin === undefined || manifest.source.build === undefined) return manifest;
    return { ...manifest, source: { ...manifest.source, build: { ...manifest.source.build, origin } } };
  });
  if (objects.length === 0 && result.errors.length === 0) result.notices.push(`the kustomization ${dir} built no objects`);
  return { ...result, objects };
}
