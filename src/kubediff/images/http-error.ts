// The error of a registry request that got no HTTP answer.
import { KubediffError } from '../../errors.js';

/** A request that got no HTTP answer: refused, DNS, timeout, TLS, reset. `code` says which; the message holds no header. */
export class RegistryNetworkError extends KubediffError {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
