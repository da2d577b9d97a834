// Pushes a small image through the registry HTTP API, as a client such as
// crane or docker does: a layer blob (gzip), a config blob naming the layer's
// diff ID, then a manifest (OCI or Docker v2) under a tag; optionally an OCI
// index over that manifest under another tag. Returns the manifest digest.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export type ManifestFormat = 'oci' | 'docker';

export interface PushOptions {
  /** http(s)://host:port of the registry. */
  readonly url: string;
  readonly repository: string;
  readonly tag: string;
  readonly format?: ManifestFormat;
  /** The Authorization header for this repository, when the registry wants one. */
  readonly authorization?: string;
  /** Makes the image's content distinct (so each push has its own digest). */
  readonly content?: string;
}

const MEDIA = {
  oci: { manifest: 'application/vnd.oci.image.manifest.v1+json', config: 'application/vnd.oci.image.config.v1+json', layer: 'application/vnd.oci.image.layer.v1.tar+gzip' },
  docker: { manifest: 'application/vnd.docker.distribution.manifest.v2+json', config: 'application/vnd.docker.container.image.v1+json', layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip' },
} as const;

const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export async function pushImage(options: PushOptions): Promise<string> {
  const media = MEDIA[options.format ?? 'oci'];
  const raw = Buffer.from(`kubediff test layer: ${options.repository}:${options.tag} ${options.content ?? ''}\n`);
  const layer = gzipSync(raw);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [sha256(raw)] } }));
  await uploadBlob(options, layer);
  await uploadBlob(options, config);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: media.manifest,
    config: { mediaType: media.config, digest: sha256(config), size: config.length },
    layers: [{ mediaType: media.layer, digest: sha256(layer), size: layer.length }],
  }));
  await putManifest(options, options.tag, manifest, media.manifest);
  return sha256(manifest);
}

/** Pushes an OCI index over an already pushed manifest (by digest and size), under `tag`. */
export async function pushIndex(options: Omit<PushOptions, 'format' | 'content'>, manifest: { digest: string; size: number }): Promise<string> {
  const index = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: MEDIA.oci.manifest, digest: manifest.digest, size: manifest.size, platform: { architecture: 'amd64', os: 'linux' } }],
  }));
  await putManifest(options, options.tag, index, 'application/vnd.oci.image.index.v1+json');
  return sha256(index);
}

async function uploadBlob(options: PushOptions, blob: Buffer): Promise<void> {
  const headers: Record<string, string> = options.authorization ? { Authorization: options.authorization } : {};
  const start = await fetch(`${options.url}/v2/${options.repository}/blobs/uploads/`, { method: 'POST', headers });
  await expectStatus(start, 202, 'start a blob upload');
  const location = new URL(start.headers.get('location') ?? '', options.url);
  location.searchParams.set('digest', sha256(blob));
  const put = await fetch(location, { method: 'PUT', headers: { ...headers, 'Content-Type': 'application/octet-stream' }, body: blob });
  await expectStatus(put, 201, 'upload a blob');
}

async function putManifest(options: Omit<PushOptions, 'format' | 'content'>, tag: string, body: Buffer, mediaType: string): Promise<void> {
  const headers = { 'Content-Type': mediaType, ...(options.authorization ? { Authorization: options.authorization } : {}) };
  const put = await fetch(`${options.url}/v2/${options.repository}/manifests/${tag}`, { method: 'PUT', headers, body });
  await expectStatus(put, 201, `put the manifest ${options.repository}:${tag}`);
}

async function expectStatus(response: Response, status: number, what: string): Promise<void> {
  if (response.status !== status) throw new Error(`registry: cannot ${what}: HTTP ${response.status} ${await response.text()}`);
  await response.arrayBuffer().catch(() => undefined);
}
