// A check that found no objects at all is an error, never a green "in sync":
// an empty folder, a typo in a path, a kustomization or render that printed
// nothing, or only failed builds. The message says which.
import type { CheckError } from '../result.js';
import type { LoadedSources } from './load.js';

export function nothingToCheck(paths: readonly string[], loaded: LoadedSources): CheckError {
  return { kind: 'manifest', message: `nothing to check: found no objects in ${paths.join(', ')}: ${reason(loaded)}` };
}

function reason(loaded: LoadedSources): string {
  const { summaries } = loaded;
  const failed = summaries.filter((summary) => summary.failed);
  if (summaries.length === 0) {
    return loaded.errors.length > 0
      ? 'see the errors above'
      : 'no manifest files (.yaml, .yml, .json), kustomizations or streams there';
  }
  if (failed.length === summaries.length) {
    return summaries.length === 1 ? `${summaries[0]?.name} could not be used (see the error above)` : `none of its ${summaries.length} sources could be used (see the errors above)`;
  }
  const kinds = new Set(summaries.filter((summary) => !summary.failed).map((summary) => summary.kind));
  const what = [
    kinds.has('file') ? 'the files hold no objects' : undefined,
    kinds.has('kustomization') ? 'the kustomizations built no objects' : undefined,
    kinds.has('render') ? 'the render printed no objects' : undefined,
  ].filter((part): part is string => part !== undefined);
  return `${what.join('; ')}${failed.length > 0 ? `, and ${failed.length} failed (see the errors above)` : ''}`;
}
