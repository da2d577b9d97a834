// The image part of the text output (with --check-images): the images that
// are not available, each with why and the containers that use it. Available
// images are counted in the summary line only.
import { escapeControl } from '../../text/control-characters.js';
import type { ImageResult } from '../images/types.js';
import type { CheckReport } from '../result.js';
import { describeObject } from './describe.js';

/** Containers listed per image; the rest are counted. */
const USES_SHOWN = 5;

export function imagesBlock(report: CheckReport): string | undefined {
  const notAvailable = (report.images ?? []).filter((image) => image.status !== 'available');
  if (notAvailable.length === 0) return undefined;
  return `## images not available\n\n${notAvailable.map(imageLines).join('\n')}`;
}

function imageLines(image: ImageResult): string {
  // The image as written in git, the registry's words and container names may hold any character: one escaped line each.
  const why = image.message ? ` (${escapeControl(image.message)})` : '';
  const cached = image.cached && image.checkedAt ? ` [answer of ${escapeControl(image.checkedAt)}]` : '';
  const lines = [`${image.status}: ${image.image ? escapeControl(image.image) : '<no image>'}${why}${cached}`];
  for (const use of image.objects.slice(0, USES_SHOWN)) {
    const where = use.in.length === 1 && use.in[0] === 'live' ? ' (live only)' : '';
    lines.push(`  used by ${describeObject(use.object)} ${use.field === 'containers' ? 'container' : use.field.replace(/Containers$/, ' container')} ${escapeControl(use.container)}${where}`);
  }
  if (image.objects.length > USES_SHOWN) lines.push(`  and ${image.objects.length - USES_SHOWN} more containers`);
  return lines.join('\n');
}

/** `images 12 (2 not available)`, for the summary line; undefined without --check-images. */
export function imagesSummary(report: CheckReport): string | undefined {
  if (!report.images) return undefined;
  const notAvailable = report.images.filter((image) => image.status !== 'available').length;
  return `images ${report.images.length} (${notAvailable} not available)`;
}
