// Gathers the images of a run's objects: every container of git's objects
// and, with --check-images=live, of their live counterparts. One entry per
// image as written, each listing the containers that use it; a container that
// runs the same image in git and live is one use found in both.
import type { ObjectRef } from '../result.js';
import { containerImages } from './extract.js';
import type { ImageSource, ImageUse } from './types.js';

export interface ObjectWithRef {
  readonly ref: ObjectRef;
  readonly object: Record<string, unknown>;
}

export class ImageUses {
  private readonly byImage = new Map<string, Map<string, { use: Omit<ImageUse, 'in'>; in: Set<ImageSource> }>>();

  add(objects: readonly ObjectWithRef[], source: ImageSource): this {
    for (const { ref, object } of objects) {
      for (const { image, container, field } of containerImages(object)) {
        const uses = this.byImage.get(image) ?? new Map();
        this.byImage.set(image, uses);
        const key = JSON.stringify([ref.apiVersion, ref.kind, ref.namespace ?? '', ref.name, field, container]);
        const found = uses.get(key) ?? { use: { object: ref, container, field }, in: new Set<ImageSource>() };
        found.in.add(source);
        uses.set(key, found);
      }
    }
    return this;
  }

  get size(): number {
    return this.byImage.size;
  }

  /** Images as written, each with its uses sorted by kind, namespace, name and container. */
  entries(): [string, ImageUse[]][] {
    return [...this.byImage.entries()].map(([image, uses]) => [
      image,
      [...uses.values()]
        .map(({ use, in: sources }) => ({ ...use, in: (['git', 'live'] as const).filter((s) => sources.has(s)) }))
        .sort(byObject),
    ]);
  }
}

function byObject(a: ImageUse, b: ImageUse): number {
  return (
    a.object.kind.localeCompare(b.object.kind) ||
    (a.object.namespace ?? '').localeCompare(b.object.namespace ?? '') ||
    a.object.name.localeCompare(b.object.name) ||
    a.container.localeCompare(b.container)
  );
}
