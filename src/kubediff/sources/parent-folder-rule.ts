// The parent-folder rule: in one walk, a kustomization (or a plain file) that
// another kustomization found in the same walk uses, directly or through
// other kustomizations, is left to it and not checked on its own. `kubediff
// ldap/` with base/ and overlays/{staging,production} checks the two overlays:
// the base alone was never applied, and checking it would report its
// unprefixed objects as missing. A kustomize Component is only ever part of
// another build, so it is never built alone either.
import { readdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { kustomizationFileIn, readKustomization, type Kustomization } from './kustomization-file.js';
import type { FoundSource } from './walk.js';

const USERS_NAMED = 5;

export interface RuledSources {
  readonly sources: FoundSource[];
  readonly notices: string[];
}

export async function applyParentFolderRule(root: string, found: readonly FoundSource[], signal?: AbortSignal): Promise<RuledSources> {
  const walked = found.filter((source) => source.kind === 'kustomization');
  if (walked.length === 0) return { sources: [...found], notices: [] };

  const known = new Map<string, Kustomization | undefined>();
  for (const source of walked) known.set(resolve(source.dir), source.kustomization);
  const lookup = async (dir: string): Promise<Kustomization | undefined> => {
    if (known.has(dir)) return known.get(dir);
    const names = await readdir(dir).catch(() => undefined);
    const file = names && kustomizationFileIn(dir, names);
    const read = file === undefined ? undefined : await readKustomization(file, dir, signal);
    const kustomization = read?.ok ? read.kustomization : undefined;
    known.set(dir, kustomization);
    return kustomization;
  };

  // Every path used, with the top kustomizations (as walked) that use it.
  const users = new Map<string, Set<string>>();
  for (const source of walked) {
    const visited = new Set<string>([resolve(source.dir)]);
    const pending = [...(source.kustomization?.uses ?? [])];
    for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
      if (visited.has(path)) continue;
      visited.add(path);
      users.set(path, (users.get(path) ?? new Set()).add(source.dir));
      const used = await lookup(path);
      if (used) pending.push(...used.uses);
    }
  }

  const sources: FoundSource[] = [];
  const notices: string[] = [];
  const leftFiles = new Map<string, { files: number; users: Set<string> }>();
  for (const source of found) {
    const path = resolve(source.kind === 'kustomization' ? source.dir : source.path);
    const usedBy = users.get(path);
    if (source.kind === 'kustomization' && usedBy) {
      notices.push(`left ${source.dir} to the kustomizations that use it (${names(usedBy)}): it is not checked on its own`);
    } else if (source.kind === 'kustomization' && source.kustomization?.kind === 'Component') {
      notices.push(`skipped ${source.dir}: a kustomize Component, built only as part of a kustomization that uses it, and none found in ${root} does`);
    } else if (usedBy && source.kind === 'file') {
      const folder = dirname(source.path);
      const group = leftFiles.get(folder) ?? { files: 0, users: new Set<string>() };
      group.files += 1;
      for (const user of usedBy) group.users.add(user);
      leftFiles.set(folder, group);
    } else {
      sources.push(source);
    }
  }
  for (const [folder, group] of leftFiles) {
    notices.push(`left ${group.files === 1 ? '1 file' : `${group.files} files`} in ${folder} to the kustomizations that use ${group.files === 1 ? 'it' : 'them'} (${names(group.users)}): not checked on their own`);
  }
  return { sources, notices };
}

function names(users: ReadonlySet<string>): string {
  const all = [...users].sort();
  const shown = all.slice(0, USERS_NAMED).join(', ');
  return all.length > USERS_NAMED ? `${shown} and ${all.length - USERS_NAMED} more` : shown;
}
