// Re-reads the web config while prom-run runs, so a rotated certificate, a
// changed password or new headers apply without a restart. It looks at the
// file and the files it names every interval (a few small reads) and reloads
// when their bytes changed: this sees every way they are replaced (in place,
// by rename, Kubernetes' symlink swap of a mounted Secret) where file events
// miss some. A file that no longer loads is an error in the log and in
// kubediff_web_config_last_reload_successful (0), and the last good config
// stays in force: nothing is served without the protection it had. Turning
// TLS on or off takes a restart (the listener is one or the other).
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../log/logger.js';
import { buildWebConfig, readWebConfigInputs, type WebConfig } from './load.js';

export interface ReloaderOptions {
  readonly initial: WebConfig;
  readonly logger: Logger;
  /** How often to look at the files. */
  readonly intervalMs: number;
  readonly registry?: Registry;
  /** Called with the new config once it is in force. */
  readonly onReload?: (config: WebConfig, previous: WebConfig) => void;
  /** Epoch ms; default Date.now. */
  readonly clock?: () => number;
}

export type ReloadOutcome = 'unchanged' | 'reloaded' | 'failed';

export class WebConfigReloader {
  private config: WebConfig;
  private timer: NodeJS.Timeout | undefined;
  private readonly controller = new AbortController();
  private lastError: string | undefined;
  private checking: Promise<ReloadOutcome> | undefined;
  private readonly successful: Gauge | undefined;
  private readonly successTime: Gauge | undefined;
  private readonly clock: () => number;

  constructor(private readonly options: ReloaderOptions) {
    this.config = options.initial;
    this.clock = options.clock ?? Date.now;
    const registers = options.registry ? [options.registry] : [];
    if (options.registry) {
      this.successful = new Gauge({ name: 'kubediff_web_config_last_reload_successful', help: 'Whether the web config file (--web.config.file) as it is now could be loaded: 1 yes, 0 no (the last good one stays in force).', registers });
      this.successTime = new Gauge({ name: 'kubediff_web_config_last_reload_success_timestamp_seconds', help: 'When the web config in force was loaded, in seconds since the epoch.', registers });
      this.successful.set(1);
      this.successTime.set(this.clock() / 1000);
    }
  }

  /** The config in force. */
  current(): WebConfig {
    return this.config;
  }

  start(): void {
    if (this.timer !== undefined || this.controller.signal.aborted) return;
    const tick = (): void => {
      this.timer = setTimeout(() => void this.check().finally(() => !this.controller.signal.aborted && tick()), this.options.intervalMs);
      this.timer.unref();
    };
    tick();
  }

  stop(): void {
    this.controller.abort();
    clearTimeout(this.timer);
  }

  /** Looks at the files now (one look at a time); the timer calls this too. */
  check(): Promise<ReloadOutcome> {
    this.checking ??= this.look().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async look(): Promise<ReloadOutcome> {
    const previous = this.config;
    try {
      const inputs = await readWebConfigInputs(previous.file, this.controller.signal);
      if (inputs.fingerprint === previous.fingerprint) {
        this.succeeded(false);
        return 'unchanged';
      }
      const next = buildWebConfig(inputs, this.clock);
      if ((next.tls === undefined) !== (previous.tls === undefined)) {
        throw new Error(`${previous.file}: turning TLS ${next.tls ? 'on' : 'off'} takes a restart; the listener stays ${previous.tls ? 'HTTPS' : 'plain HTTP'}`);
      }
      this.config = next;
      this.succeeded(true);
      this.options.logger.log('info', 'web config reloaded', describeWebConfig(next));
      for (const warning of next.warnings) this.options.logger.log('warn', 'web config', { file: next.file, warning });
      this.options.onReload?.(next, previous);
      return 'reloaded';
    } catch (error) {
      if (this.controller.signal.aborted) return 'unchanged';
      const message = error instanceof Error ? error.message : String(error);
      this.successful?.set(0);
      // Once per distinct problem, not every interval.
      if (message !== this.lastError) {
        this.options.logger.log('error', 'web config reload failed; the previous one stays in force', { file: previous.file, error: message });
      }
      this.lastError = message;
      return 'failed';
    }
  }

  private succeeded(reloaded: boolean): void {
    this.successful?.set(1);
    if (reloaded) this.successTime?.set(this.clock() / 1000);
    if (this.lastError !== undefined && !reloaded) {
      this.options.logger.log('info', 'web config readable again, unchanged from the one in force', { file: this.config.file });
    }
    this.lastError = undefined;
  }
}

/** Log fields that say what a config turns on, without any secret. */
export function describeWebConfig(config: WebConfig): Record<string, unknown> {
  return {
    file: config.file,
    tls: config.tls !== undefined,
    ...(config.tls && {
      client_auth: config.tls.clientAuth,
      certificate_subject: config.tls.certificate.subject,
      certificate_not_after: config.tls.certificate.validTo,
      certificate_sha256: config.tls.certificate.fingerprint256,
    }),
    basic_auth_users: config.users.size,
    headers: Object.keys(config.headers),
    rate_limit: config.rateLimit ? `${config.rateLimit.burst} per ${config.rateLimit.intervalMs} ms` : 'off',
  };
}
