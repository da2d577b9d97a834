// What kind of thing a path is, in words a person understands. Folder walks
// read regular files only: a FIFO blocks whoever opens it, a device such as
// /dev/zero never ends, and stat() says 0 bytes for both.
import type { Stats } from 'node:fs';

export type FileKind = 'file' | 'directory' | 'fifo' | 'socket' | 'character device' | 'block device' | 'symbolic link' | 'unknown';

export function fileKindOf(stats: Stats): FileKind {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  if (stats.isSymbolicLink()) return 'symbolic link';
  return 'unknown';
}

/** `a FIFO (named pipe)`, `a character device`: for messages. */
export function describeFileKind(kind: FileKind): string {
  switch (kind) {
    case 'file': return 'a regular file';
    case 'directory': return 'a directory';
    case 'fifo': return 'a FIFO (named pipe)';
    case 'socket': return 'a socket';
    case 'character device': return 'a character device';
    case 'block device': return 'a block device';
    case 'symbolic link': return 'a symbolic link';
    case 'unknown': return 'not a regular file';
  }
}

/** `32 MiB`, `512 KiB`, `20 bytes`: byte limits as people write them. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}
