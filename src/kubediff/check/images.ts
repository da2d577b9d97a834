// The image check's step of a run: the images of git's objects (and, with
// --check-images=live, of their live counterparts, taken while they were fetched), asked of
// their registries. It runs whether or not the cluster could be read: the
// images git declares do not need the cluster. Its results never change the
// exit code; a failure of the step itself is a notice, never an error.
import type { Logger } from '../../log/logger.js';
import { ImageCache } from '../images/cache.js';
import { checkImages, type ImageCheckConfig } from '../images/check-images.js';
import { ImageUses, type ObjectWithRef } from '../images/collect.js';
import type { ImageCheckStats, ImageResult } from '../images/types.js';
import type { ManifestObject } from '../manifests/index.js';

export interface ImageStepInput {
  readonly config: ImageCheckConfig;
  readonly manifests: readonly ManifestObject[];
  /** Namespace of manifests that set none. */
  readonly defaultNamespace: string;
  /** With --check-images=live: the images of git's objects' live counterparts (gathered as the check fetched them); git's are added to it. */
  readonly liveImages?: ImageUses;
}

export interface ImageStepDeps {
  readonly cache?: ImageCache;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  readonly signal?: AbortSignal;
  readonly clock: () => Date;
  readonly logger: Logger;
}

export interface ImageStepResult {
  readonly images: readonly ImageResult[];
  readonly stats?: ImageCheckStats;
  readonly notices: readonly string[];
}

export async function runImageStep(input: ImageStepInput, deps: ImageStepDeps): Promise<ImageStepResult> {
  const git: ObjectWithRef[] = input.manifests.map((m) => ({
    ref: { apiVersion: m.apiVersion, kind: m.kind, namespace: m.namespace ?? input.defaultNamespace, name: m.name },
    object: m.object,
  }));
  const uses = (input.config.mode === 'live' && input.liveImages ? input.liveImages : new ImageUses()).add(git, 'git');
  if (uses.size === 0) return { images: [], notices: ['images: the manifests hold no container images to check'] };
  try {
    const outcome = await checkImages(uses, input.config, {
      cache: deps.cache ?? new ImageCache(),
      env: deps.env,
      homeDir: deps.homeDir,
      signal: deps.signal ?? new AbortController().signal,
      now: () => deps.clock().getTime(),
      logger: deps.logger,
    });
    return { images: outcome.images, stats: outcome.stats, notices: outcome.notices };
  } catch (error) {
    if (deps.signal?.aborted) throw error;
    // A bug here must not cost the run its drift result.
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.log('error', 'image check failed', { error: message });
    return { images: [], notices: [`images: the image check failed: ${message}`] };
  }
}
