// prom-run refuses to start with an ignore file it cannot use, naming the
// file, the rule and the key, rather than running every check with an error.
// A file that does not exist yet is fine when git-sync will bring it.
import { ConfigError } from '../../errors.js';
import { readRegularFileSync, SyncFileReadError } from '../../files/read-bounded-sync.js';
import { IgnoreFileError, MAX_IGNORE_FILE_BYTES, parseIgnoreFile } from './file.js';

export function checkIgnoreFileAtStart(file: string, options: { readonly mayAppearLater: boolean }): void {
  let text: string;
  try {
    text = readRegularFileSync(file, MAX_IGNORE_FILE_BYTES).toString('utf8');
  } catch (error) {
    if (!(error instanceof SyncFileReadError)) throw error;
    if (error.problem === 'not-found' && options.mayAppearLater) return;
    throw new ConfigError('--ignore-file', `Expected --ignore-file to name a readable file, got \`${file}\`: ${error.detail}`, { cause: error });
  }
  try {
    parseIgnoreFile(text, file);
  } catch (error) {
    if (!(error instanceof IgnoreFileError)) throw error;
    throw new ConfigError('--ignore-file', error.message, { cause: error });
  }
}
