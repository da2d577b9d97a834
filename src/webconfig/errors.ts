import { KubediffError } from '../errors.js';

/**
 * The web config file cannot be used: `file` is its path as given, `key` the
 * setting at fault (e.g. `tls_server_config.cert_file`), undefined when the
 * file as a whole is (unreadable, not YAML).
 */
export class WebConfigError extends KubediffError {
  constructor(
    readonly file: string,
    readonly key: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
