// --web.config.file, as prometheus/exporter-toolkit reads it: TLS (with client
// certificates), basic authentication with bcrypt hashes, response headers and
// a rate limit, for every endpoint. Loaded and checked at start-up (a bad file
// stops prom-run with a message naming the file and the key), then re-read
// while it runs. The web server gets what it needs from here: how to create
// the listener (HTTPS or not) and a guard for every request.
import type { RequestListener, Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '../log/logger.js';
import { BasicAuthenticator } from './basic-auth.js';
import { createRequestGuard, type RequestGuard } from './guard.js';
import { loadWebConfig, type WebConfig } from './load.js';
import { describeWebConfig, WebConfigReloader } from './reloader.js';
import { createTlsServer, updateTlsServer } from './tls-server.js';

export { WebConfigError } from './errors.js';
export type { WebConfig } from './load.js';
export type { RequestGuard } from './guard.js';

export interface WebConfigLayer {
  /** The config in force. */
  readonly config: () => WebConfig;
  /** Creates the HTTPS server when the config has TLS; undefined: plain HTTP. */
  readonly createServer: ((listener: RequestListener) => Server) | undefined;
  readonly guard: RequestGuard;
  /** Looks at the files now instead of at the next interval (tests, a signal). */
  reloadNow(): Promise<'unchanged' | 'reloaded' | 'failed'>;
  stop(): void;
}

export interface WebConfigOptions {
  readonly file: string;
  readonly logger: Logger;
  /** Where kubediff_web_config_last_reload_* go. */
  readonly registry: Registry;
  /** How often the files are looked at; default 1 s. */
  readonly reloadIntervalMs?: number;
  readonly clock?: () => number;
}

/** Loads and checks the file (throws WebConfigError), and keeps it current. */
export async function startWebConfig(options: WebConfigOptions): Promise<WebConfigLayer> {
  const initial = await loadWebConfig(options.file);
  options.logger.log('info', 'web config loaded', describeWebConfig(initial));
  for (const warning of initial.warnings) options.logger.log('warn', 'web config', { file: initial.file, warning });

  const authenticator = new BasicAuthenticator();
  authenticator.prepare(initial.users);
  let server: ReturnType<typeof createTlsServer> | undefined;
  const reloader = new WebConfigReloader({
    initial,
    logger: options.logger,
    intervalMs: options.reloadIntervalMs ?? 1000,
    registry: options.registry,
    clock: options.clock,
    onReload: (config) => {
      authenticator.prepare(config.users);
      if (server && config.tls) updateTlsServer(server, config.tls);
    },
  });
  reloader.start();
  const tls = initial.tls;
  return {
    config: () => reloader.current(),
    createServer: tls
      ? (listener) => (server = createTlsServer(tls, () => reloader.current().tls, listener))
      : undefined,
    guard: createRequestGuard({ config: () => reloader.current(), authenticator, clock: options.clock }),
    reloadNow: () => reloader.check(),
    stop: () => reloader.stop(),
  };
}
