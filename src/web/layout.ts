// The HTML document around a page's body: viewport, color scheme, the shared
// stylesheet and script, and a <noscript> meta refresh so the page refreshes
// without JavaScript too (the script refreshes in place, keeping scroll and
// open sections). The empty data: icon spares browsers a /favicon.ico 404.
import { escapeHtml } from './escape.js';

export interface DocumentParts {
  readonly title: string;
  /** Already-escaped HTML of <body>'s content. */
  readonly bodyHtml: string;
  readonly refreshSeconds: number;
  /** Extra same-origin stylesheets and scripts after the shared ones. */
  readonly styles?: readonly string[];
  readonly scripts?: readonly string[];
}

export function renderDocument(parts: DocumentParts): string {
  const styles = ['/assets/app.css', ...(parts.styles ?? [])];
  const scripts = ['/assets/app.js', ...(parts.scripts ?? [])];
  const refresh = Math.max(1, Math.round(parts.refreshSeconds));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>${escapeHtml(parts.title)}</title>
<noscript><meta http-equiv="refresh" content="${refresh}"></noscript>
${styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('\n')}
${scripts.map((src) => `<script src="${escapeHtml(src)}" defer></script>`).join('\n')}
</head>
<body data-refresh-seconds="${refresh}">
${parts.bodyHtml}
</body>
</html>
`;
}
