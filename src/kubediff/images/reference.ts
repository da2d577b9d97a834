// Image references parsed as the container tools parse them (the grammar of
// distribution/reference, with docker's normalization): `nginx` is
// docker.io/library/nginx:latest, `localhost:5000/app@sha256:...` keeps its
// port and digest, a name with capitals or a malformed digest is refused with
// the reason the kubelet would give (InvalidImageName).

/** A parsed, normalized image reference. */
export interface ImageReference {
  /** The registry as written (normalized): `docker.io`, `ghcr.io`, `localhost:5000`. */
  readonly registry: string;
  /** The repository path: `library/nginx`, `team/app`. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  /** What the registry is asked for: the digest when there is one (the tag is then ignored, as containerd does), else the tag. */
  readonly manifestRef: string;
  /** The whole normalized reference: `docker.io/library/nginx:latest`, `ghcr.io/a/b:1@sha256:...`. */
  readonly canonical: string;
}

export type ParsedImage = { readonly reference: ImageReference } | { readonly error: string };

export const DOCKER_HUB = 'docker.io';
/** Docker Hub's registry API lives on another host than its name. */
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
const LEGACY_DOCKER_HUB = 'index.docker.io';
const NAME_TOTAL_LENGTH_MAX = 255;

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN_AND_PORT = `${HOST}(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN_AND_PORT}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const HEX_64 = /^[a-f0-9]{64}$/;
const DIGEST_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** Parses an image reference as written in a container spec. */
export function parseImageReference(image: string): ParsedImage {
  if (image === '') return { error: 'the image is empty' };
  if (image.trim() !== image) return { error: 'the image has leading or trailing whitespace' };
  if (HEX_64.test(image)) return { error: 'a 64-character hexadecimal string is an image ID, not a reference' };

  const { domain, remainder } = splitDomain(image);
  const remoteName = remainder.split(/[:@]/, 1)[0] ?? '';
  if (remoteName.toLowerCase() !== remoteName) return { error: `the repository name (${remoteName}) must be lowercase` };

  const match = REFERENCE.exec(`${domain}/${remainder}`);
  if (!match) return { error: 'not a valid image reference (expected [registry/]name[:tag][@digest])' };
  const [, name = '', tag, digest] = match;
  if (name.length > NAME_TOTAL_LENGTH_MAX) return { error: `the repository name is longer than ${NAME_TOTAL_LENGTH_MAX} characters` };
  if (digest !== undefined) {
    const problem = digestProblem(digest);
    if (problem) return { error: problem };
  }
  const repository = name.slice(domain.length + 1);
  const effectiveTag = tag ?? (digest === undefined ? 'latest' : undefined);
  const canonical = `${name}${effectiveTag === undefined ? '' : `:${effectiveTag}`}${digest === undefined ? '' : `@${digest}`}`;
  return {
    reference: {
      registry: domain,
      repository,
      ...(effectiveTag === undefined ? {} : { tag: effectiveTag }),
      ...(digest === undefined ? {} : { digest }),
      manifestRef: digest ?? effectiveTag ?? 'latest',
      canonical,
    },
  };
}

/** Docker's rule: the first path part is a registry when it has a dot or a port, is `localhost`, or has capitals. */
function splitDomain(image: string): { domain: string; remainder: string } {
  const slash = image.indexOf('/');
  const first = slash === -1 ? '' : image.slice(0, slash);
  let domain: string;
  let remainder: string;
  if (slash === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DOCKER_HUB;
    remainder = image;
  } else {
    domain = first;
    remainder = image.slice(slash + 1);
  }
  if (domain === LEGACY_DOCKER_HUB) domain = DOCKER_HUB;
  if (domain === DOCKER_HUB && !remainder.includes('/')) remainder = `library/${remainder}`;
  return { domain, remainder };
}

function digestProblem(digest: string): string | undefined {
  const [algorithm = '', encoded = ''] = digest.split(':');
  const length = DIGEST_LENGTHS[algorithm];
  if (length === undefined) return `unsupported digest algorithm ${algorithm}`;
  if (!new RegExp(`^[a-f0-9]{${length}}$`).test(encoded)) return `invalid ${algorithm} digest (expected ${length} lowercase hexadecimal characters)`;
  return undefined;
}

/** The host (and port) that serves a registry's HTTP API: Docker Hub's is registry-1.docker.io. */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : registry;
}
