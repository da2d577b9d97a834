// How objects, differences and errors read in the text outputs. Kept in one
// place so `text` and `--json` (weaveworks' shape) say the same thing. Every
// piece of text from git or the cluster goes through escapeControl, so a name
// or a value can neither forge a line nor drive the terminal.
import { createTwoFilesPatch } from 'diff';
import { escapeControl, escapeControlKeepLines } from '../../text/control-characters.js';
import type { ChangedBy, CheckError, Difference, ObjectRef, ObjectResult, Revision } from '../result.js';
import { describeSource } from '../sources/describe-source.js';

/** `Deployment.v1.apps`, `ConfigMap.v1`: the kind qualified as weaveworks/kubediff printed it. */
export function qualifiedKind(ref: ObjectRef): string {
  const slash = ref.apiVersion.indexOf('/');
  if (slash === -1) return escapeControl(`${ref.kind}.${ref.apiVersion}`);
  return escapeControl(`${ref.kind}.${ref.apiVersion.slice(slash + 1)}.${ref.apiVersion.slice(0, slash)}`);
}

/** `default/web (Deployment.v1.apps)`; cluster-scoped objects have no namespace part. */
export function describeObject(ref: ObjectRef): string {
  return `${escapeControl(ref.namespace ? `${ref.namespace}/` : '')}${escapeControl(ref.name)} (${qualifiedKind(ref)})`;
}

const MAX_VALUE_CHARS = 200;

/** A value on one line: scalars as they are, objects and lists as compact JSON, long ones cut. */
export function formatValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined) text = '';
  else if (typeof value === 'object' && value !== null) text = JSON.stringify(value);
  else text = String(value);
  return escapeControl(text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}...` : text);
}

/**
 * The other side of a multi-line string as text: a string as it is, anything
 * else as JSON. Never String(): a live map with a key named toString or
 * valueOf (any key is allowed) makes String() throw.
 */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? '';
}

function isMultiline(value: unknown): value is string {
  return typeof value === 'string' && value.includes('\n');
}

/**
 * One difference as text, in weaveworks/kubediff's form for a changed value
 * (`<path>: '<git>' != '<live>'`); a changed multi-line string is shown as a
 * small unified diff of git and live below the path. Who changed the live
 * value, when managedFields say, is appended: `(changed by kubectl-edit at
 * 2026-12-01 09:15 UTC)`.
 */
export function formatDifference(difference: Difference): string {
  const by = difference.changedBy ? ` (changed by ${formatChangedBy(difference.changedBy)})` : '';
  const { want, have } = difference;
  const path = escapeControl(difference.path);
  switch (difference.kind) {
    case 'changed':
      if (isMultiline(want) || isMultiline(have)) return `${path}: Diff${by}:\n${textDiff(asText(want), asText(have))}`;
      return `${path}: '${formatValue(want)}' != '${formatValue(have)}'${by}`;
    case 'missing-live':
      return `${path}: '${formatValue(want)}' missing live`;
    case 'unexpected-live':
      if (difference.reason === 'hand-edit') return `${path}: changed by hand, not in git: live has '${formatValue(have)}'${by}`;
      if (difference.reason === 'removed-from-git') return `${path}: not in git, live has '${formatValue(have)}' (removed from git: applying would remove it)${by}`;
      return `${path}: not in git, live has '${formatValue(have)}' (applying would remove it)${by}`;
  }
}

/** `kubectl-edit at 2026-12-01 09:15 UTC`; `kubectl (scale subresource) at ...`; the time left out when unknown. */
export function formatChangedBy(changedBy: ChangedBy): string {
  // Manager and subresource names come from the cluster: escaped like any other text from it.
  const via = changedBy.subresource ? ` (${escapeControl(changedBy.subresource)} subresource)` : '';
  const when = changedBy.time === undefined ? undefined : new Date(changedBy.time);
  const at = when && !Number.isNaN(when.getTime()) ? ` at ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
  return `${escapeControl(changedBy.manager)}${via}${at}`;
}

function textDiff(want: string, have: string): string {
  const patch = createTwoFilesPatch('git', 'live', ensureNewline(want), ensureNewline(have), undefined, undefined, { context: 2 });
  // Drop the `===` separator; keep the ---/+++ headers and hunks.
  return escapeControlKeepLines(patch.split('\n').filter((line) => line !== '' && !line.startsWith('====')).join('\n'));
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Where a result came from in git, for people (documents counted from 1): `k8s/app.yaml, document 1, line 12`. */
export function formatSource(result: Pick<ObjectResult, 'source'>): string {
  return escapeControl(describeSource(result.source));
}

/** An error as one line: object errors name the object and where it is in git. */
export function formatError(error: CheckError, result?: ObjectResult): string {
  const message = escapeControl(error.message);
  if (result) return `${describeObject(result.ref)}: ${message} (${formatSource(result)})`;
  if (error.object) return `${describeObject(error.object)}: ${message}`;
  return message;
}

/** The short hash as people read it: `abc1234`, or `abc1234+dirty` when the checked files had uncommitted changes. */
export function revisionLabel(revision: Pick<Revision, 'shortHash' | 'dirty'>): string {
  return escapeControl(`${revision.shortHash}${revision.dirty ? '+dirty' : ''}`);
}
