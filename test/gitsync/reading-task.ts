// A small stand-in for the checker in the git-sync tests: a Task that walks
// the paths it is given and reads every file slowly (so git-sync swaps land
// in the middle of runs), turning each file into one "object" of a report.
// A file that vanishes is a manifest error, as it would be for the checker.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CheckError, CheckReport, ObjectResult } from '../../src/kubediff/result.js';
import type { Task, TaskOutcome } from '../../src/runner/task.js';

async function listFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(
    entries.filter((entry) => !entry.name.startsWith('.')).map((entry) => listFiles(join(path, entry.name))),
  );
  return nested.flat().sort();
}

export interface ReadingTaskStats {
  runs: number;
}

/** `delayMs` between files; the object's name is the file's content (e.g. `commit-3`). */
export function createReadingTask(paths: readonly string[], delayMs: number, stats: ReadingTaskStats = { runs: 0 }): Task {
  return {
    kind: 'kubediff',
    display: `kubediff ${paths.join(' ')}`,
    async run(): Promise<TaskOutcome> {
      stats.runs += 1;
      const startedAt = new Date().toISOString();
      const objects: ObjectResult[] = [];
      const errors: CheckError[] = [];
      for (const path of paths) {
        let files: string[] = [];
        try {
          files = await listFiles(path);
        } catch (error) {
          errors.push({ kind: 'manifest', message: `cannot read ${path}: ${String(error)}`, file: path });
        }
        for (const file of files) {
          await sleep(delayMs);
          try {
            const name = (await readFile(file, 'utf8')).trim();
            objects.push({
              ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name },
              source: { file, document: 0 },
              state: 'in-sync',
              differences: [],
              suppressed: [],
            });
          } catch (error) {
            errors.push({ kind: 'manifest', message: `cannot read ${file}: ${String(error)}`, file });
          }
        }
      }
      const exitCode = errors.length > 0 ? 1 : 0;
      const check: CheckReport = {
        paths,
        startedAt,
        finishedAt: new Date().toISOString(),
        durationMs: 0,
        objects,
        errors,
        notices: [],
        totals: { objects: objects.length, inSync: objects.length, drifted: 0, missing: 0, error: 0, differences: 0, suppressed: 0, suppressedByRule: {} },
        requests: [],
        exitCode,
      };
      const output = [...objects.map((o) => `${o.source.file}: ${o.ref.name}`), ...errors.map((e) => e.message)].join('\n');
      return { exitCode, timedOut: false, output: `${output}\n`, outputTruncated: false, check };
    },
  };
}
