// Small files the image check reads (the docker config, the CA bundle):
// only a regular file, looked at before it is opened (opening a FIFO blocks a
// thread until a writer comes), and no more than maxBytes, checked while
// reading rather than trusted from stat.
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** A file that is not one we read, said without its content. */
export class ReadProblem extends Error {}

/** The file's text; throws ReadProblem, or the errno error of stat/open/read. */
export async function readRegularFile(path: string, maxBytes: number): Promise<string> {
  if (!(await stat(path)).isFile()) throw new ReadProblem(`${path} is not a regular file`);
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw new ReadProblem(`${path} is not a regular file`);
    const buffer = Buffer.alloc(maxBytes + 1);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new ReadProblem(`${path} is larger than ${maxBytes} bytes`);
    }
    return buffer.subarray(0, total).toString('utf8');
  } finally {
    await handle.close();
  }
}
