// The runner's routes: the page, /metrics (text format or OpenMetrics, as the
// scraper asks), /output.txt, /api/status and the probes. They only read the
// scheduler's latest published snapshot.
import type { ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { negotiateExposition, renderExposition } from '../metrics/exposition.js';
import type { RunnerStatus } from '../runner/status.js';
import { escapeControlKeepLines } from '../text/control-characters.js';
import { assetRoutes, SHARED_ASSETS } from './assets.js';
import type { PageRenderer } from './page-renderers.js';
import { sendHtml, sendText, type Route } from './routes.js';
import { createStatusBody } from './status-body.js';

export interface RunnerRoutesOptions {
  /** The scheduler's latest snapshot. */
  readonly status: () => RunnerStatus;
  readonly registry: Registry;
  readonly page: PageRenderer;
  /** Epoch milliseconds; default Date.now. */
  readonly clock?: () => number;
}

export function runnerRoutes({ status, registry, page, clock = Date.now }: RunnerRoutesOptions): Route[] {
  const statusBody = createStatusBody();
  return [
    {
      method: 'GET',
      path: '/',
      handler: (_request, response, url) => sendHtml(response, 200, page.render({ status: status(), now: clock(), url })),
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: async (request, response) => {
        const { contentType, body } = await renderExposition(registry, negotiateExposition(request.headers.accept));
        response.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store', Vary: 'Accept' });
        response.end(body);
      },
    },
    {
      method: 'GET',
      path: '/output.txt',
      handler: (_request, response) => {
        const latest = status().latest;
        if (!latest) sendText(response, 503, 'prom-run: no run has finished yet\n', { 'Retry-After': '5' });
        // Read with curl on a terminal: a command's escape sequences (or a name's) are shown, never run.
        else sendText(response, 200, escapeControlKeepLines(latest.output), { 'X-Exit-Code': String(latest.exitCode) });
      },
    },
    {
      method: 'GET',
      path: '/api/status',
      handler: (_request, response) => {
        const parts = statusBody(status());
        response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
        for (const part of parts.slice(0, -1)) response.write(part);
        response.end(parts.at(-1));
      },
    },
    // The exporter conventions /-/healthy and /-/ready answer as /healthz and /readyz.
    ...['/healthz', '/-/healthy'].map((path): Route => ({ method: 'GET', path, handler: (_request, response) => sendText(response, 200, 'ok\n') })),
    ...['/readyz', '/-/ready'].map((path): Route => ({ method: 'GET', path, handler: (_request, response) => ready(status(), response) })),
    ...assetRoutes([...SHARED_ASSETS, ...page.assets]),
  ];
}

function ready(current: RunnerStatus, response: ServerResponse): void {
  if (current.latest) sendText(response, 200, 'ready\n');
  else sendText(response, 503, `not ready: ${current.waiting ? current.waiting.reason : 'the first run has not finished yet'}\n`);
}
