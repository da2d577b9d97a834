// Same-origin static files (the CSP forbids inline script and style). They are
// TypeScript strings so the build output carries them without a copy step.
import type { ServerResponse } from 'node:http';
import { APP_SCRIPT } from './assets/app-script.js';
import { APP_STYLE } from './assets/app-style.js';
import type { Route } from './routes.js';

export interface StaticAsset {
  /** e.g. `/assets/app.css`. */
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
}

/** The stylesheet and script every page may use: layout, themes, ANSI colors, in-place refresh. */
export const SHARED_ASSETS: readonly StaticAsset[] = [
  { path: '/assets/app.css', contentType: 'text/css; charset=utf-8', body: APP_STYLE },
  { path: '/assets/app.js', contentType: 'text/javascript; charset=utf-8', body: APP_SCRIPT },
];

export function assetRoutes(assets: readonly StaticAsset[]): Route[] {
  return assets.map((asset) => ({
    method: 'GET' as const,
    path: asset.path,
    handler: (_request: unknown, response: ServerResponse) => {
      response.writeHead(200, { 'Content-Type': asset.contentType, 'Cache-Control': 'public, max-age=300' });
      response.end(asset.body);
    },
  }));
}
