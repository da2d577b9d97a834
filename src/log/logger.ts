// Structured logs: one JSON object per line on a writable stream (stderr by
// default). The logger is passed in, never imported as a singleton. Lines
// are terminal-safe: JSON escapes C0 controls, escapeJsonText the rest.
import { escapeJsonText } from '../text/control-characters.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

export function createJsonLogger(
  stream: { write(chunk: string): unknown },
  clock: () => Date = () => new Date(),
): Logger {
  return {
    log(level, msg, fields = {}) {
      stream.write(`${escapeJsonText(JSON.stringify({ time: clock().toISOString(), level, msg, ...fields }))}\n`);
    },
  };
}

/** A logger that drops everything; for tests and library callers that want quiet. */
export const silentLogger: Logger = { log() {} };
