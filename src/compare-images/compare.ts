// Which image tags differ between two environments' manifests (compare-images
// SOURCE TARGET): the images of every container of every object on each
// side, by image name. Names are matched as the container tools read them
// (`nginx` and `docker.io/library/nginx` are one image) and shown as the
// source writes them; the "tag" is what follows the name: the tag, the
// digest, or both (`latest` when neither is written, as weaveworks' tool
// said). A name used with several tags on one side compares as the set.
import { containerImages } from '../kubediff/images/extract.js';
import { parseImageReference } from '../kubediff/images/reference.js';
import type { ManifestObject } from '../kubediff/manifests/index.js';

export interface ImageTags {
  /** The image name as the manifests write it (the source's spelling when both sides have it). */
  readonly name: string;
  /** Sorted, distinct; empty when the side does not use the image. */
  readonly source: readonly string[];
  readonly target: readonly string[];
}

export interface ImageComparison {
  /** On both sides with different tags. */
  readonly differing: readonly ImageTags[];
  /** Used on one side only. */
  readonly sourceOnly: readonly ImageTags[];
  readonly targetOnly: readonly ImageTags[];
}

interface Side {
  readonly written: Map<string, string>;
  readonly tags: Map<string, Set<string>>;
}

export function compareImageTags(source: readonly ManifestObject[], target: readonly ManifestObject[]): ImageComparison {
  const a = collect(source);
  const b = collect(target);
  const differing: ImageTags[] = [];
  const sourceOnly: ImageTags[] = [];
  const targetOnly: ImageTags[] = [];
  for (const key of new Set([...a.tags.keys(), ...b.tags.keys()])) {
    const tags = { name: a.written.get(key) ?? b.written.get(key) ?? key, source: sorted(a.tags.get(key)), target: sorted(b.tags.get(key)) };
    if (tags.target.length === 0) sourceOnly.push(tags);
    else if (tags.source.length === 0) targetOnly.push(tags);
    else if (tags.source.join('\n') !== tags.target.join('\n')) differing.push(tags);
  }
  const byName = (x: ImageTags, y: ImageTags) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
  return { differing: differing.sort(byName), sourceOnly: sourceOnly.sort(byName), targetOnly: targetOnly.sort(byName) };
}

function collect(objects: readonly ManifestObject[]): Side {
  const side: Side = { written: new Map(), tags: new Map() };
  for (const { object } of objects) {
    for (const { image } of containerImages(object)) {
      if (image === '') continue;
      const { key, name, tag } = splitImage(image);
      if (!side.written.has(key)) side.written.set(key, name);
      const tags = side.tags.get(key) ?? new Set<string>();
      tags.add(tag);
      side.tags.set(key, tags);
    }
  }
  return side;
}

/** The name as written, a key that matches spellings of the same image, and the tag part. */
export function splitImage(image: string): { key: string; name: string; tag: string } {
  const at = image.indexOf('@');
  const beforeDigest = at === -1 ? image : image.slice(0, at);
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const colon = beforeDigest.lastIndexOf(':');
  const hasTag = colon > beforeDigest.lastIndexOf('/');
  const name = hasTag ? beforeDigest.slice(0, colon) : beforeDigest;
  const tag = hasTag ? beforeDigest.slice(colon + 1) : undefined;
  const tagPart = tag !== undefined && digest !== undefined ? `${tag}@${digest}` : (tag ?? digest ?? 'latest');
  const parsed = parseImageReference(image);
  // A name no runtime would pull still compares, by its spelling.
  const key = 'reference' in parsed ? `${parsed.reference.registry}/${parsed.reference.repository}` : name;
  return { key, name, tag: tagPart };
}

function sorted(tags: ReadonlySet<string> | undefined): string[] {
  return tags ? [...tags].sort() : [];
}
