// The kubediff page's stylesheet, served as a same-origin file. Light and
// dark themes follow the system; colors carry meaning (green in sync, amber
// drift, red error) and are also spelled out in text for color-blind readers.
export const KUBEDIFF_PAGE_STYLE = String.raw`:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --ok: #1a7f37; --ok-bg: #dafbe1; --drift: #9a6700; --drift-bg: #fff8c5; --err: #cf222e; --err-bg: #ffebe9;
  --wait: #59636e; --wait-bg: #eaeef2; --add-bg: #dafbe1; --del-bg: #ffebe9; --hunk: #0969da; --link: #0969da;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --ok: #3fb950; --ok-bg: #12261e; --drift: #d29922; --drift-bg: #272115; --err: #f85149; --err-bg: #2d1517;
    --wait: #9198a1; --wait-bg: #212830; --add-bg: #12261e; --del-bg: #2d1517; --hunk: #4493f8; --link: #4493f8;
  }
}
* { box-sizing: border-box; }
body.kd-page { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
a { color: var(--link); }
code, pre, .kd-diff { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
main { max-width: 1200px; margin: 0 auto; padding: 0 16px 48px; }
.kd-top { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; padding: 8px 16px; border-bottom: 1px solid var(--line); background: var(--panel); }
.kd-top nav { margin-left: auto; }
.kd-brand { font-weight: 700; }
body[data-stale] .kd-top::after { content: "connection lost: data may be old"; color: var(--err); font-weight: 600; }
.kd-status { margin: 16px 0; padding: 12px 16px; border-radius: 8px; border-left: 6px solid var(--wait); background: var(--wait-bg); }
.kd-status h1 { margin: 0 0 6px; font-size: 22px; }
.kd-s-ok { border-color: var(--ok); background: var(--ok-bg); } .kd-s-ok h1 { color: var(--ok); }
.kd-s-drift { border-color: var(--drift); background: var(--drift-bg); } .kd-s-drift h1 { color: var(--drift); }
.kd-s-error { border-color: var(--err); background: var(--err-bg); } .kd-s-error h1 { color: var(--err); }
.kd-facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 0; }
.kd-facts dt { color: var(--muted); } .kd-facts dd { margin: 0; overflow-wrap: anywhere; }
.kd-counts { margin: 4px 0; display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
.kd-counts a { text-decoration: none; }
.kd-last { margin: 4px 0; }
.kd-badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.kd-drifted { color: var(--drift); } .kd-missing { color: var(--err); } .kd-error { color: var(--err); } .kd-in-sync { color: var(--ok); }
.kd-zero { opacity: 0.55; }
.kd-meta, .kd-absent, .kd-what, figcaption { color: var(--muted); }
.kd-dirty { color: var(--drift); font-weight: 600; }
.kd-filter { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; padding: 8px 0; border-bottom: 1px solid var(--line); margin-bottom: 8px; position: sticky; top: 0; background: var(--bg); z-index: 1; }
.kd-filter input, .kd-filter select, .kd-filter button { font: inherit; padding: 2px 6px; background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 4px; }
.kd-errors { border: 1px solid var(--err); border-radius: 8px; padding: 4px 16px; margin: 12px 0; }
.kd-errors h2 { font-size: 16px; color: var(--err); margin: 8px 0; }
.kd-errors li { margin: 4px 0; overflow-wrap: anywhere; }
.kd-group h3 { font-size: 15px; margin: 18px 0 6px; font-weight: 600; }
.kd-ns { font-family: ui-monospace, monospace; }
.kd-count { color: var(--muted); font-weight: 400; }
.kd-count::before { content: "("; } .kd-count::after { content: ")"; }
.kd-obj { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; background: var(--bg); }
.kd-obj > summary { padding: 6px 10px; cursor: pointer; overflow-wrap: anywhere; }
.kd-obj[open] > summary { border-bottom: 1px solid var(--line); background: var(--panel); }
.kd-obj:target, .kd-line:target { outline: 2px solid var(--hunk); }
.kd-anchor { color: inherit; text-decoration: none; } .kd-anchor:hover { text-decoration: underline; }
.kd-body { padding: 6px 12px 10px; }
.kd-error-text { color: var(--err); overflow-wrap: anywhere; }
.kd-table { border-collapse: collapse; width: 100%; margin: 6px 0; }
.kd-table th, .kd-table td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: 3px 8px; overflow-wrap: anywhere; }
.kd-table th { color: var(--muted); font-weight: 600; }
.kd-diff { margin: 8px 0; padding: 6px 0; background: var(--panel); border-radius: 6px; overflow-x: auto; line-height: 1.35; }
.kd-diff span { display: block; padding: 0 10px; white-space: pre; }
.kd-diff .d-add { background: var(--add-bg); color: var(--ok); }
.kd-diff .d-del { background: var(--del-bg); color: var(--err); }
.kd-diff .d-hunk { color: var(--hunk); } .kd-diff .d-file, .kd-diff .d-note { color: var(--muted); }
.kd-suppressed > summary, .kd-insync > summary, .kd-runs > summary { cursor: pointer; color: var(--muted); }
.kd-rules { list-style: none; margin: 6px 0; padding: 0; }
.kd-rules li { margin: 3px 0; overflow-wrap: anywhere; }
.kd-rule { display: inline-block; padding: 0 6px; margin-right: 4px; border: 1px solid var(--line); border-radius: 4px; background: var(--panel); font-weight: 600; }
.kd-reason { font-weight: 600; color: var(--err); }
.kd-insync { margin: 16px 0; }
.kd-lines { list-style: none; padding-left: 4px; columns: 2 360px; }
.kd-lines li { margin: 2px 0; break-inside: avoid; overflow-wrap: anywhere; }
.kd-bound { padding: 8px 12px; border: 1px dashed var(--drift); border-radius: 6px; }
.kd-empty { color: var(--muted); font-style: italic; }
#kd-history h2 { font-size: 16px; margin: 24px 0 6px; }
.kd-figure { margin: 0; }
.kd-chart { width: 100%; height: 64px; display: block; background: var(--panel); border-radius: 4px; }
.kd-chart .c-ok { fill: var(--ok); } .kd-chart .c-drift { fill: var(--drift); } .kd-chart .c-err { fill: var(--err); } .kd-chart .c-skip { fill: var(--wait); }
.kd-chart .c-errors { fill: var(--err); fill-opacity: 0.35; stroke: var(--err); stroke-width: 1; }
tr.c-drift td:nth-child(3) { color: var(--drift); } tr.c-err td:nth-child(3) { color: var(--err); }
.kd-images { margin: 12px 0; }
.kd-images h2 { font-size: 16px; margin: 8px 0; }
.kd-uses { list-style: none; margin: 0; padding: 0; }
.kd-h-Healthy { color: var(--ok); } .kd-h-Degraded, .kd-h-Missing { color: var(--err); } .kd-h-Progressing { color: var(--hunk); } .kd-h-Suspended, .kd-h-Unknown { color: var(--muted); }
.kd-rollouts { margin: 12px 0; } .kd-rollouts h2 { font-size: 16px; margin: 8px 0 4px; }
.kd-rollout-list { list-style: none; padding-left: 4px; margin: 4px 0; } .kd-rollout { margin: 3px 0; overflow-wrap: anywhere; }
.kd-rollout[data-health="Degraded"] { font-weight: 600; }
[hidden] { display: none !important; }
`;
