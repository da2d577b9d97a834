// Finds and reads the docker config that holds registry credentials: the
// --registry-config file (or a folder holding config.json or a mounted
// Secret's .dockerconfigjson), else $DOCKER_CONFIG/config.json, else
// ~/.docker/config.json. Read on every run, so a rotated Secret is picked up;
// bounded, and only a regular file. A missing default file means no
// credentials; a missing file that was asked for is a notice.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileReadError, readBoundedFile } from '../../files/read-bounded.js';
import { EMPTY_CREDENTIALS, parseDockerConfig, type ParsedDockerConfig } from './credentials.js';

/** A docker config larger than this is refused. */
export const MAX_DOCKER_CONFIG_BYTES = 1024 * 1024;

export interface CredentialsLocation {
  /** --registry-config, when given. */
  readonly path?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
}

export async function loadCredentials(location: CredentialsLocation, signal?: AbortSignal): Promise<ParsedDockerConfig> {
  const explicit = location.path !== undefined;
  const dockerConfig = location.env.DOCKER_CONFIG;
  const path = location.path ?? (dockerConfig ? join(dockerConfig, 'config.json') : join(location.homeDir, '.docker', 'config.json'));
  const none = (notice?: string): ParsedDockerConfig => ({ store: EMPTY_CREDENTIALS, notices: notice ? [notice] : [] });
  let file = path;
  try {
    if (await isDirectory(path)) {
      const found = await firstExisting([join(path, 'config.json'), join(path, '.dockerconfigjson')]);
      if (found === undefined) return none(`registry credentials are not used: ${path} is a folder with neither config.json nor .dockerconfigjson in it`);
      file = found;
    }
    const text = (await readBoundedFile(file, { maxBytes: MAX_DOCKER_CONFIG_BYTES, ...(signal ? { signal } : {}) })).toString('utf8');
    return parseDockerConfig(text, file);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error; // the run was cancelled
    // A default location with nothing there just means no credentials.
    if (error.reason === 'not-found' && !explicit) return none();
    return none(`registry credentials are not used: ${error.message}`);
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false; // reading it says why
  }
}

async function firstExisting(candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) {
    try {
      await stat(candidate);
      return candidate;
    } catch {
      // try the next name
    }
  }
  return undefined;
}
