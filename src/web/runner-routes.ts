// The runner's routes: the page, /metrics, /output.txt, /api/status and the
// probes. They only read the scheduler's latest published snapshot.
import type { Registry } from 'prom-client';
import type { RunnerStatus } from '../runner/status.js';
import { assetRoutes, SHARED_ASSETS } from './assets.js';
import type { PageRenderer } from './page-renderers.js';
import { sendHtml, sendJson, sendText, type Route } from './routes.js';
import { statusJson } from './status-json.js';

export interface RunnerRoutesOptions {
  /** The scheduler's latest snapshot. */
  readonly status: () => RunnerStatus;
  readonly registry: Registry;
  readonly page: PageRenderer;
  /** Epoch milliseconds; default Date.now. */
  readonly clock?: () => number;
}

export function runnerRoutes({ status, registry, page, clock = Date.now }: RunnerRoutesOptions): Route[] {
  return [
    {
      method: 'GET',
      path: '/',
      handler: (_request, response, url) => sendHtml(response, 200, page.render({ status: status(), now: clock(), url })),
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: async (_request, response) => {
        const text = await registry.metrics();
        response.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' });
        response.end(text);
      },
    },
    {
      method: 'GET',
      path: '/output.txt',
      handler: (_request, response) => {
        const latest = status().latest;
        if (!latest) sendText(response, 503, 'prom-run: no run has finished yet\n', { 'Retry-After': '5' });
        else sendText(response, 200, latest.output, { 'X-Exit-Code': String(latest.exitCode) });
      },
    },
    { method: 'GET', path: '/api/status', handler: (_request, response) => sendJson(response, 200, statusJson(status())) },
    { method: 'GET', path: '/healthz', handler: (_request, response) => sendText(response, 200, 'ok\n') },
    {
      method: 'GET',
      path: '/readyz',
      handler: (_request, response) => {
        const current = status();
        if (current.latest) sendText(response, 200, 'ready\n');
        else sendText(response, 503, `not ready: ${current.waiting ? current.waiting.reason : 'the first run has not finished yet'}\n`);
      },
    },
    ...assetRoutes([...SHARED_ASSETS, ...page.assets]),
  ];
}
