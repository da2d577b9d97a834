// The plug-in point for pages: each task kind has a renderer (a pure function
// of the snapshot) and the same-origin assets it loads. The kubediff-mode page
// lives in src/web/kubediff/ and is chosen here.
import type { RunnerStatus } from '../runner/status.js';
import type { Task } from '../runner/task.js';
import type { StaticAsset } from './assets.js';
import { renderCommandPage } from './command-page.js';
import { kubediffPageRenderer } from './kubediff/renderer.js';

export interface PageInput {
  readonly status: RunnerStatus;
  /** Epoch milliseconds, for "12s ago" and "in 8s". */
  readonly now: number;
  /** The request's URL: its query string may carry a page's filters. */
  readonly url: URL;
}

export interface PageRenderer {
  render(input: PageInput): string;
  /** Files the page loads besides the shared /assets/app.css and /assets/app.js; the server serves them. */
  readonly assets: readonly StaticAsset[];
}

export const commandPageRenderer: PageRenderer = {
  render: ({ status, now }) => renderCommandPage({ status, now }),
  assets: [],
};

export function pageRendererFor(kind: Task['kind']): PageRenderer {
  switch (kind) {
    case 'command':
      return commandPageRenderer;
    case 'kubediff':
      return kubediffPageRenderer;
  }
}
