// The checker reads through the resolved worktree (`/git/.worktrees/<sha>/k8s`)
// but people configured, and want to see, `/git/repo/k8s`: file names that stay
// the same from commit to commit. This maps a report back.
import { join } from 'node:path';
import type { CheckError, CheckReport, ObjectResult, Revision } from '../kubediff/result.js';
import type { ResolvedPath } from './snapshot.js';

export type PathMapper = (text: string) => string;

/**
 * Replaces each resolved path prefix with its configured form, longest first,
 * in one pass (so a replacement is never matched again). Below the path, the
 * configured form is normalized as the checker's own walk joins names (`k8s/`
 * and `./k8s` give `k8s/cm.yaml`, never `k8s//cm.yaml`); the path itself is
 * shown as configured.
 */
export function createPathMapper(paths: readonly ResolvedPath[]): PathMapper {
  const replacements = new Map<string, string>();
  for (const path of paths.filter((p) => p.resolved !== p.configured)) {
    if (!replacements.has(join(path.resolved, '/'))) replacements.set(join(path.resolved, '/'), join(path.configured, '/'));
    if (!replacements.has(path.resolved)) replacements.set(path.resolved, path.configured);
  }
  if (replacements.size === 0) return (text) => text;
  const prefixes = [...replacements.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(prefixes.map((prefix) => prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (text) => text.replace(pattern, (match) => replacements.get(match) ?? match);
}

function mapError(error: CheckError, map: PathMapper): CheckError {
  return {
    ...error,
    message: map(error.message),
    ...(error.file === undefined ? {} : { file: map(error.file) }),
  };
}

function mapObject(object: ObjectResult, map: PathMapper): ObjectResult {
  const { build } = object.source;
  return {
    ...object,
    source: {
      ...object.source,
      file: map(object.source.file),
      // A build names its folder in the command, and kustomize's origin is a path too.
      ...(build === undefined ? {} : { build: { ...build, command: map(build.command), ...(build.origin === undefined ? {} : { origin: map(build.origin) }) } }),
    },
    ...(object.error === undefined ? {} : { error: mapError(object.error, map) }),
    ...(object.diff === undefined ? {} : { diff: map(object.diff) }),
  };
}

/** The report as if the checker had read the configured paths, with the revision it checked. */
export function remapReport(
  report: CheckReport,
  paths: readonly ResolvedPath[],
  revision: Revision | undefined,
): CheckReport {
  const map = createPathMapper(paths);
  const { revision: _ignored, ...rest } = report;
  return {
    ...rest,
    paths: paths.map((path) => path.configured),
    objects: report.objects.map((object) => mapObject(object, map)),
    errors: report.errors.map((error) => mapError(error, map)),
    notices: report.notices.map(map),
    ...(revision === undefined ? {} : { revision }),
  };
}
