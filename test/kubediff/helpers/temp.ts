// Temporary folders of manifests for the checker's tests, removed afterwards.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempDir {
  readonly path: string;
  /** Writes files (path -> text) under the folder; returns the folder. */
  write(files: Record<string, string>): Promise<string>;
  remove(): Promise<void>;
}

export async function makeTempDir(prefix = 'kubediff-test-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    async write(files) {
      for (const [file, text] of Object.entries(files)) {
        await mkdir(dirname(join(path, file)), { recursive: true });
        await writeFile(join(path, file), text);
      }
      return path;
    },
    remove: () => rm(path, { recursive: true, force: true }),
  };
}
