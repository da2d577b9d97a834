// A real Prometheus (Debian's /usr/bin/prometheus) for tests: on a loopback
// port, with temporary storage, scraping one target as job="kubediff" every
// second (over HTTPS with basic auth when asked, and more jobs if given) and
// evaluating the given rules every second; stopped by its PID.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { poll, start, type Started } from './processes.js';

export interface PrometheusOptions {
  /** host:port of the target, scraped as job="kubediff". */
  readonly target: string;
  /** The rules file's content (YAML). */
  readonly rules: string;
  /** How job="kubediff" scrapes: HTTPS with a CA, basic auth (default plain HTTP). */
  readonly scrape?: ScrapeSettings;
  /** More jobs (e.g. the same target with a wrong password). */
  readonly extraJobs?: readonly ({ readonly job: string; readonly target: string } & ScrapeSettings)[];
}

export interface ScrapeSettings {
  readonly scheme?: 'http' | 'https';
  /** PEM file of the CA that signed the target's certificate. */
  readonly caFile?: string;
  readonly basicAuth?: { readonly username: string; readonly password: string };
}

export interface Target {
  readonly labels: Record<string, string>;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
  readonly scrapeUrl: string;
}

export interface Prometheus {
  readonly url: string;
  readonly process: Started;
  /** The active (pending or firing) alerts, from /api/v1/alerts. */
  alerts(): Promise<Alert[]>;
  /** An instant query's vector result. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** The active targets, from /api/v1/targets. */
  targets(): Promise<Target[]>;
  /** Metric metadata (type, help) by family name, from /api/v1/metadata. */
  metadata(metric: string): Promise<{ type: string; help: string }[]>;
  stop(): Promise<void>;
}

export interface Alert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly state: 'pending' | 'firing';
  readonly value: string;
}

export async function startPrometheus(options: PrometheusOptions): Promise<Prometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'kubediff-prometheus-'));
  writeFileSync(join(dir, 'rules.yaml'), options.rules);
  writeFileSync(join(dir, 'prometheus.yml'), stringify({
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: [join(dir, 'rules.yaml')],
    scrape_configs: [
      { job: 'kubediff', target: options.target, ...options.scrape },
      ...(options.extraJobs ?? []),
    ].map(({ job, target, scheme, caFile, basicAuth }) => ({
      job_name: job,
      scrape_interval: '1s',
      static_configs: [{ targets: [target] }],
      ...(scheme && { scheme }),
      ...(caFile && { tls_config: { ca_file: caFile } }),
      ...(basicAuth && { basic_auth: basicAuth }),
    })),
  }));
  // A free port can be taken between finding it and Prometheus binding it: try again then.
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const prometheus = start('prometheus', [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    const stop = async (): Promise<void> => {
      await prometheus.stop(10_000);
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      await poll(60_000, 100, async () => {
        if (prometheus.child.exitCode !== null) throw new Error(`prometheus exited ${prometheus.child.exitCode}:\n${prometheus.output()}`);
        const ready = await fetch(`${url}/-/ready`).then((response) => response.ok, () => false);
        return ready ? true : undefined;
      }, () => `prometheus not ready within 60 s:\n${prometheus.output()}`);
    } catch (error) {
      await prometheus.stop();
      if (attempt < 3 && /address already in use/.test(prometheus.output())) continue;
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const api = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${url}${path}`);
      const body = await response.json() as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? response.status}`);
      return body.data;
    };
    return {
      url,
      process: prometheus,
      alerts: async () => (await api<{ alerts: Alert[] }>('/api/v1/alerts')).alerts,
      query: async (promql) => (await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(`/api/v1/query?query=${encodeURIComponent(promql)}`)).result,
      targets: async () => (await api<{ activeTargets: Target[] }>('/api/v1/targets?state=active')).activeTargets,
      metadata: async (metric) => (await api<Record<string, { type: string; help: string }[]>>(`/api/v1/metadata?metric=${encodeURIComponent(metric)}`))[metric] ?? [],
      stop,
    };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
