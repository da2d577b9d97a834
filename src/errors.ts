// One base error class that carries data; callers and tests look at the class
// and its fields, never at message text.
export class KubediffError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A bad flag or argument: `flag` names it as the user typed it, e.g. `--period`. */
export class ConfigError extends KubediffError {
  constructor(
    readonly flag: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A manifest that cannot be used: names the file and the document (0-based index). */
export class ManifestError extends KubediffError {
  constructor(
    readonly file: string,
    readonly document: number | undefined,
    message: string,
    options?: { cause?: unknown; line?: number },
  ) {
    super(message, options);
    this.line = options?.line;
  }
  readonly line: number | undefined;
}

/** The cluster refused or failed a request about an object (or a whole type). */
export class ClusterError extends KubediffError {
  constructor(
    readonly object: string,
    readonly status: number | undefined,
    message: string,
    options?: { cause?: unknown; reason?: string },
  ) {
    super(message, options);
    this.reason = options?.reason;
  }
  readonly reason: string | undefined;
}
