// The shared stylesheet: readable on a laptop and a phone, light and dark
// themes following the system, and the 16 ANSI colors for command output.
export const APP_STYLE = String.raw`:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; --code-bg: #f6f8fa;
  --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff8c5;
  --run: #0969da; --run-bg: #ddf4ff; --link: #0969da;
  --a0: #24292f; --a1: #cf222e; --a2: #116329; --a3: #4d2d00; --a4: #0969da; --a5: #8250df; --a6: #1b7c83; --a7: #6e7781;
  --a8: #57606a; --a9: #a40e26; --a10: #1a7f37; --a11: #633c01; --a12: #218bff; --a13: #a475f9; --a14: #3192aa; --a15: #8c959f;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23; --code-bg: #151b23;
    --ok: #3fb950; --ok-bg: #12261e; --bad: #f85149; --bad-bg: #2d1214; --warn: #d29922; --warn-bg: #272115;
    --run: #4493f8; --run-bg: #121d2f; --link: #4493f8;
    --a0: #484f58; --a1: #ff7b72; --a2: #3fb950; --a3: #d29922; --a4: #58a6ff; --a5: #bc8cff; --a6: #39c5cf; --a7: #b1bac4;
    --a8: #6e7681; --a9: #ffa198; --a10: #56d364; --a11: #e3b341; --a12: #79c0ff; --a13: #d2a8ff; --a14: #56d4dd; --a15: #ffffff;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: var(--link); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
.top { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: baseline; padding: 0.6rem 1rem; border-bottom: 1px solid var(--line); background: var(--panel); }
.top .brand { font-weight: 600; }
.top nav { margin-left: auto; color: var(--muted); }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h2 { font-size: 1.05rem; margin: 1.5rem 0 0.5rem; }
.command { overflow-wrap: anywhere; }
.status { border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px; padding: 0.75rem 1rem; }
.status .headline { font-size: 1.35rem; font-weight: 600; margin: 0 0 0.25rem; }
.status-succeeded { border-color: var(--ok); background: var(--ok-bg); }
.status-succeeded .headline { color: var(--ok); }
.status-failed, .status-timed-out { border-color: var(--bad); background: var(--bad-bg); }
.status-failed .headline, .status-timed-out .headline { color: var(--bad); }
.status-running { border-color: var(--run); background: var(--run-bg); }
.status-running .headline { color: var(--run); }
.status-not-run-yet, .status-waiting { border-color: var(--warn); background: var(--warn-bg); }
.status-not-run-yet .headline, .status-waiting .headline { color: var(--warn); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.5rem 0 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.output { background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem; margin: 0; overflow: auto; max-height: 70vh; white-space: pre-wrap; overflow-wrap: anywhere; }
.note { color: var(--muted); font-size: 0.9rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.3rem 0.6rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { color: var(--muted); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.result-succeeded { color: var(--ok); }
.result-failed, .result-timed-out { color: var(--bad); }
.result-skipped { color: var(--warn); }
@media (max-width: 40rem) {
  body { font-size: 14px; }
  main { padding: 0.6rem; }
  .facts { grid-template-columns: 1fr; }
  .facts dd { margin-bottom: 0.35rem; }
  .hide-narrow { display: none; }
}
.ansi-bold { font-weight: 700; } .ansi-dim { opacity: 0.7; } .ansi-italic { font-style: italic; } .ansi-underline { text-decoration: underline; }
.ansi-fg0 { color: var(--a0); } .ansi-fg1 { color: var(--a1); } .ansi-fg2 { color: var(--a2); } .ansi-fg3 { color: var(--a3); }
.ansi-fg4 { color: var(--a4); } .ansi-fg5 { color: var(--a5); } .ansi-fg6 { color: var(--a6); } .ansi-fg7 { color: var(--a7); }
.ansi-fg8 { color: var(--a8); } .ansi-fg9 { color: var(--a9); } .ansi-fg10 { color: var(--a10); } .ansi-fg11 { color: var(--a11); }
.ansi-fg12 { color: var(--a12); } .ansi-fg13 { color: var(--a13); } .ansi-fg14 { color: var(--a14); } .ansi-fg15 { color: var(--a15); }
.ansi-bg0 { background: var(--a0); } .ansi-bg1 { background: var(--a1); } .ansi-bg2 { background: var(--a2); } .ansi-bg3 { background: var(--a3); }
.ansi-bg4 { background: var(--a4); } .ansi-bg5 { background: var(--a5); } .ansi-bg6 { background: var(--a6); } .ansi-bg7 { background: var(--a7); }
.ansi-bg8 { background: var(--a8); } .ansi-bg9 { background: var(--a9); } .ansi-bg10 { background: var(--a10); } .ansi-bg11 { background: var(--a11); }
.ansi-bg12 { background: var(--a12); } .ansi-bg13 { background: var(--a13); } .ansi-bg14 { background: var(--a14); } .ansi-bg15 { background: var(--a15); }
`;
