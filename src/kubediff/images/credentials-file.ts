// Finds and reads the docker config that holds registry credentials: the
// --registry-config file (or a folder holding config.json or a mounted
// Secret's .dockerconfigjson), else $DOCKER_CONFIG/config.json, else
// ~/.docker/config.json. Read on every run, so a rotated Secret is picked up;
// bounded, and only a regular file. A missing default file means no
// credentials; a missing file that was asked for is a notice.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readRegularFile, ReadProblem } from './read-file.js';
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
    if ((await stat(path)).isDirectory()) file = await firstExisting([join(path, 'config.json'), join(path, '.dockerconfigjson')], path);
    signal?.throwIfAborted();
    const text = await readRegularFile(file, MAX_DOCKER_CONFIG_BYTES);
    return parseDockerConfig(text, file);
  } catch (error) {
    if (error instanceof ReadProblem) return none(`registry credentials are not used: ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return explicit ? none(`registry credentials are not used: ${file} does not exist`) : none();
    if (code === 'EACCES' || code === 'EPERM') return none(`registry credentials are not used: ${file} cannot be read (permission denied)`);
    if (signal?.aborted) throw error;
    return none(`registry credentials are not used: ${file} cannot be read (${code ?? 'error'})`);
  }
}


async function firstExisting(candidates: readonly string[], dir: string): Promise<string> {
  for (const candidate of candidates) {
    try {
      await stat(candidate);
      return candidate;
    } catch {
      // try the next name
    }
  }
  throw new ReadProblem(`${dir} is a folder with neither config.json nor .dockerconfigjson in it`);
}
