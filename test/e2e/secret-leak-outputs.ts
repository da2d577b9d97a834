// Collects every output of the leak test: the kubediff CLI (each output
// format, stdout and stderr) and everything the real prom-run serves or logs,
// found by following the page's own links as well as the routes we know.
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { PromRunProcess } from '../support/prom-run.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real CLI through tsx, with only the environment given. */
export async function runKubediffCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const result = await execa(process.execPath, ['--import', 'tsx', `${REPO}cmd/kubediff.ts`, ...args], {
    reject: false,
    env,
    extendEnv: false,
    cwd: REPO,
    timeout: 120_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI's outputs by name: `kubediff <flags> stdout|stderr`. */
export async function cliOutputs(flagSets: readonly (readonly string[])[], common: readonly string[], env: NodeJS.ProcessEnv) {
  const outputs = new Map<string, string>();
  const runs = new Map<string, CliRun>();
  for (const flags of flagSets) {
    const run = await runKubediffCli([...flags, ...common], env);
    const name = `kubediff ${flags.join(' ') || '(text)'}`;
    runs.set(name, run);
    outputs.set(`${name} stdout`, run.stdout);
    outputs.set(`${name} stderr`, run.stderr);
  }
  return { outputs, runs };
}

/** Same-origin links in a page: href, src and form actions that start with `/` or `?`. */
export function pageLinks(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/\b(?:href|src|action)="([^"#]*)/g)) {
    const link = (match[1] ?? '').replace(/&amp;/g, '&');
    if (link.startsWith('/') || link.startsWith('?')) links.push(link.startsWith('?') ? `/${link}` : link);
  }
  return links;
}

/**
 * GETs the given paths and every same-origin link found in the HTML answers
 * (two levels deep), keyed `GET <path>`; also the status code of each.
 */
export async function crawl(baseUrl: string, paths: readonly string[]): Promise<{ outputs: Map<string, string>; statuses: Map<string, number> }> {
  const outputs = new Map<string, string>();
  const statuses = new Map<string, number>();
  let next = [...new Set(paths)];
  for (let depth = 0; depth < 3 && next.length > 0; depth++) {
    const found: string[] = [];
    for (const path of next) {
      if (statuses.has(path)) continue;
      const response = await fetch(`${baseUrl}${path}`);
      const body = await response.text();
      outputs.set(`GET ${path}`, `${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${body}`);
      statuses.set(path, response.status);
      if ((response.headers.get('content-type') ?? '').startsWith('text/html')) found.push(...pageLinks(body));
    }
    next = [...new Set(found)].filter((path) => !statuses.has(path));
  }
  return { outputs, statuses };
}

/** prom-run's stderr, one line per log entry. */
export function promRunLog(app: PromRunProcess): string {
  return app.logs().map((line) => JSON.stringify(line)).join('\n');
}
