// The per-object unified diff people read on the page and with `-o diff`:
// live (projected onto what git owns) as the old side, git as the new side,
// like `kubectl diff`, rendered as YAML with Secret values masked.

import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { escapeControl } from '../../text/control-characters.js';
import { MASKED, MASKED_GIT, MASKED_LIVE, maskLastApplied, maskObject, maskValue, SECRET_PLAIN_FIELDS } from './mask.js';
import { isMap, setOwn, type JsonMap } from './values.js';
import { toYamlText } from './yaml-text.js';

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects; one line whatever the names hold (a header line of the diff). */
export function objectLabel(desired: JsonMap, live?: JsonMap): string {
  const metadata = isMap(desired.metadata) ? desired.metadata : {};
  const liveMetadata = live && isMap(live.metadata) ? live.metadata : {};
  const namespace = metadata.namespace ?? liveMetadata.namespace;
  const parts = [String(desired.kind ?? '?')];
  if (typeof namespace === 'string' && namespace !== '') parts.push(namespace);
  parts.push(String(metadata.name ?? '?'));
  return escapeControl(parts.join('/'));
}

/** The unified diff of the live projection (old) and git (new); '' when they render the same. */
export function renderUnifiedDiff(label: string, git: unknown, live: unknown): string {
  const liveText = toYamlText(live);
  const gitText = toYamlText(git);
  if (liveText === gitText) return '';
  return createTwoFilesPatch(`live/${label}`, `git/${label}`, liveText, gitText, undefined, undefined, {
    headerOptions: FILE_HEADERS_ONLY,
  });
}

/** The diff of an object absent live: every line of git, added. */
export function renderMissingDiff(desired: JsonMap): string {
  return createTwoFilesPatch(`live/${objectLabel(desired)}`, `git/${objectLabel(desired)}`, '', toYamlText(maskObject(desired)), undefined, undefined, {
    headerOptions: FILE_HEADERS_ONLY,
  });
}

/**
 * Masks the data of a Secret's two projections so that a changed value still
 * shows as a changed line: equal values read `<masked>` on both sides.
 */
export function maskSecretProjection(git: unknown, live: unknown): { git: unknown; live: unknown } {
  const gitData = isMap(git) && isMap(git.data) ? git.data : undefined;
  const liveData = isMap(live) && isMap(live.data) ? live.data : undefined;
  const maskedGit: JsonMap = {};
  const maskedLive: JsonMap = {};
  for (const key of Object.keys(gitData ?? {})) {
    const same = liveData !== undefined && Object.hasOwn(liveData, key) && liveData[key] === gitData?.[key];
    setOwn(maskedGit, key, maskValue(gitData?.[key], same ? MASKED : MASKED_GIT));
    if (liveData && Object.hasOwn(liveData, key)) setOwn(maskedLive, key, maskValue(liveData[key], same ? MASKED : MASKED_LIVE));
  }
  for (const key of Object.keys(liveData ?? {})) {
    if (!Object.hasOwn(maskedLive, key)) setOwn(maskedLive, key, maskValue(liveData?.[key]));
  }
  return { git: withData(git, gitData && maskedGit), live: withData(live, liveData && maskedLive) };
}

function withData(side: unknown, data: JsonMap | undefined): unknown {
  if (!isMap(side)) return side;
  const masked = maskLastApplied(side) as JsonMap;
  if (data) masked.data = data;
  // data that is not a map (a list, a string) is still a Secret's values.
  else if (Object.hasOwn(masked, 'data')) masked.data = maskValue(masked.data);
  for (const field of Object.keys(masked)) {
    if (field !== 'data' && !SECRET_PLAIN_FIELDS.has(field)) masked[field] = maskValue(masked[field]);
  }
  return masked;
}
