// Start-up: `kubediff --help` and a one-object check as whole processes of
// the built CLI (dist/, what the image runs), next to a bare `node -e 0` in
// the same rounds. On a shared machine the ratio to bare Node is what holds;
// the absolute times move with the load. Targets: --help within 2x bare Node
// and at most 75 MB peak; a one-object check within 3x bare Node.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer } from '../test/support/apiserver/index.js';
import { mb, measurePrograms, median, type Program, type ProgramFigures } from './processes.js';

export const STARTUP_TARGETS = { helpRatio: 2, helpPeakBytes: 75 * 1024 * 1024, oneObjectRatio: 3 };

export interface StartupResult {
  readonly bare: ProgramFigures;
  readonly help: ProgramFigures;
  readonly oneObject: ProgramFigures;
  readonly promRunHelp: ProgramFigures;
}

export async function benchStartup(distDir: string, rounds = 9, memoryRounds = 3): Promise<StartupResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kubediff-bench-startup-'));
  // Over HTTPS with a bearer token, as a real cluster is read.
  const server = await startApiServer({ tls: true });
  try {
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { mode: 'production' } };
    server.apply(manifest);
    writeFileSync(join(dir, 'settings.yaml'), `${JSON.stringify(manifest)}\n`);
    const kubediff = join(distDir, 'cmd', 'kubediff.js');
    const programs: Program[] = [
      { label: 'node -e 0', args: ['-e', '0'] },
      { label: 'kubediff --help', args: [kubediff, '--help'] },
      { label: 'kubediff (1 object)', args: [kubediff, '--kubeconfig', server.kubeconfigPath, join(dir, 'settings.yaml')] },
      { label: 'prom-run --help', args: [join(distDir, 'cmd', 'prom-run.js'), '--help'] },
    ];
    const [bare, help, oneObject, promRunHelp] = await measurePrograms(programs, rounds, memoryRounds);
    return { bare: bare!, help: help!, oneObject: oneObject!, promRunHelp: promRunHelp! };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lines for `npm run bench`; false when a target is missed. */
export function reportStartup(r: StartupResult, write: (line: string) => void): boolean {
  const bareMs = median(r.bare.wallMs);
  const row = (f: ProgramFigures) => {
    const wall = median(f.wallMs);
    return `${f.label.padEnd(22)} wall ${wall.toFixed(0).padStart(5)} ms median (${(wall / bareMs).toFixed(2)}x bare node; min ${Math.min(...f.wallMs).toFixed(0)}, max ${Math.max(...f.wallMs).toFixed(0)}) | peak RSS ${mb(median(f.peakRssBytes))} MB`;
  };
  for (const f of [r.bare, r.help, r.oneObject, r.promRunHelp]) write(`startup: ${row(f)}`);
  const checks: Array<[string, boolean]> = [
    [`kubediff --help within ${STARTUP_TARGETS.helpRatio}x bare node`, median(r.help.wallMs) <= STARTUP_TARGETS.helpRatio * bareMs],
    [`kubediff --help peak RSS <= ${mb(STARTUP_TARGETS.helpPeakBytes)} MB`, median(r.help.peakRssBytes) <= STARTUP_TARGETS.helpPeakBytes],
    [`one-object check within ${STARTUP_TARGETS.oneObjectRatio}x bare node`, median(r.oneObject.wallMs) <= STARTUP_TARGETS.oneObjectRatio * bareMs],
  ];
  for (const [what, met] of checks) write(`        target ${what}: ${met ? 'met' : 'NOT MET'}`);
  return checks.every(([, met]) => met);
}

// Run alone: `node --import tsx bench/startup.ts [dist dir]` (build first: npm run build).
if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchStartup(process.argv[2] ?? join(import.meta.dirname, '..', 'dist'));
  process.exitCode = reportStartup(result, (line) => console.log(line)) ? 0 : 1;
}
