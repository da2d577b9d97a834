// One report in the output format the flags chose (the CLI and prom-run's
// built-in checker render the same way). `exitCode` is the run's own when it
// differs from the report's verdict (a timeout, -e), so the output says the
// code the process and the metric say.
import type { CheckReport } from '../result.js';
import { renderDiff } from './diff.js';
import { renderJson } from './json.js';
import { renderLegacyJson } from './legacy-json.js';
import { renderText } from './text.js';

export type OutputFormat = 'text' | 'json' | 'diff' | 'legacy-json';

export interface RenderOptions {
  /** The run's exit code: 124 when it timed out, 0 for drift under -e. */
  readonly exitCode?: number;
  /** Set when the run was stopped by its timeout: the report is incomplete. */
  readonly timedOut?: boolean;
}

export function renderReport(report: CheckReport, format: OutputFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return renderJson(report, options);
    case 'legacy-json':
      return renderLegacyJson(report);
    case 'diff':
      return renderDiff(report);
    case 'text':
      return renderText(report, options);
  }
}
