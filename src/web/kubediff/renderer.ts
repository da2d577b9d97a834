// The kubediff page as the web server's PageRenderer for the built-in
// checker: the page, and the same-origin script and stylesheet it loads.
import type { StaticAsset } from '../assets.js';
import type { PageRenderer } from '../page-renderers.js';
import { KUBEDIFF_PAGE_SCRIPT } from './assets/page-script.js';
import { KUBEDIFF_PAGE_STYLE } from './assets/page-style.js';
import { renderKubediffStatusPage } from './status-page.js';

export const KUBEDIFF_ASSETS: readonly StaticAsset[] = [
  { path: '/assets/kubediff.css', contentType: 'text/css; charset=utf-8', body: KUBEDIFF_PAGE_STYLE },
  { path: '/assets/kubediff.js', contentType: 'text/javascript; charset=utf-8', body: KUBEDIFF_PAGE_SCRIPT },
];

const LINKS = { json: '/api/status', text: '/output.txt', metrics: '/metrics', self: '/' };
const ASSETS = { script: '/assets/kubediff.js', styles: ['/assets/kubediff.css'] };

export const kubediffPageRenderer: PageRenderer = {
  render: ({ status, now, url }) => renderKubediffStatusPage(status, url, { now: new Date(now), links: LINKS, assets: ASSETS }),
  assets: KUBEDIFF_ASSETS,
};
