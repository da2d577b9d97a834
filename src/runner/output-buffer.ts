// Combined output of one run, bounded: the first half of the limit and the
// last half are kept, whatever lies between is counted and replaced by a
// visible marker. Memory stays at the limit however much the command prints,
// and both the start (context) and the end (the final error) survive.
export interface CapturedOutput {
  readonly text: string;
  readonly truncated: boolean;
  /** Everything the command wrote, kept or not. */
  readonly totalBytes: number;
}

export class BoundedOutput {
  private readonly headCapacity: number;
  private readonly tailCapacity: number;
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  private tail: Buffer | undefined;
  private tailStart = 0;
  private tailLength = 0;
  private total = 0;

  constructor(limitBytes: number) {
    this.headCapacity = Math.ceil(limitBytes / 2);
    this.tailCapacity = Math.floor(limitBytes / 2);
  }

  append(chunk: Buffer | string): void {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.total += data.length;
    const toHead = Math.min(this.headCapacity - this.headLength, data.length);
    if (toHead > 0) {
      // Copy: the stream may reuse its buffers.
      this.headChunks.push(Buffer.from(data.subarray(0, toHead)));
      this.headLength += toHead;
    }
    if (toHead < data.length) this.appendTail(data.subarray(toHead));
  }

  result(): CapturedOutput {
    const head = Buffer.concat(this.headChunks, this.headLength);
    const tail = this.orderedTail();
    const omitted = this.total - head.length - tail.length;
    if (omitted === 0) {
      return { text: Buffer.concat([head, tail]).toString('utf8'), truncated: false, totalBytes: this.total };
    }
    const marker = `\n[prom-run: output truncated: ${omitted} of ${this.total} bytes omitted here]\n`;
    const text = completeCharsAtEnd(head).toString('utf8') + marker + completeCharsAtStart(tail).toString('utf8');
    return { text, truncated: true, totalBytes: this.total };
  }

  private appendTail(data: Buffer): void {
    const capacity = this.tailCapacity;
    if (capacity === 0) return;
    this.tail ??= Buffer.alloc(capacity);
    if (data.length >= capacity) {
      data.copy(this.tail, 0, data.length - capacity);
      this.tailStart = 0;
      this.tailLength = capacity;
      return;
    }
    const writeAt = (this.tailStart + this.tailLength) % capacity;
    const first = Math.min(capacity - writeAt, data.length);
    data.copy(this.tail, writeAt, 0, first);
    data.copy(this.tail, 0, first);
    this.tailLength += data.length;
    if (this.tailLength > capacity) {
      this.tailStart = (this.tailStart + this.tailLength - capacity) % capacity;
      this.tailLength = capacity;
    }
  }

  private orderedTail(): Buffer {
    if (!this.tail || this.tailLength === 0) return Buffer.alloc(0);
    const end = this.tailStart + this.tailLength;
    if (end <= this.tail.length) return this.tail.subarray(this.tailStart, end);
    return Buffer.concat([this.tail.subarray(this.tailStart), this.tail.subarray(0, end - this.tail.length)]);
  }
}

const isContinuation = (byte: number | undefined): boolean => byte !== undefined && (byte & 0xc0) === 0x80;

/** Drops a UTF-8 sequence cut off at the end, so the cut does not show as U+FFFD. */
function completeCharsAtEnd(buf: Buffer): Buffer {
  for (let back = 1; back <= Math.min(4, buf.length); back++) {
    const byte = buf[buf.length - back] as number;
    if (isContinuation(byte)) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? buf.subarray(0, buf.length - back) : buf;
  }
  return buf;
}

/** Drops the continuation bytes of a UTF-8 sequence whose start was cut off. */
function completeCharsAtStart(buf: Buffer): Buffer {
  let start = 0;
  while (start < 3 && isContinuation(buf[start])) start++;
  return buf.subarray(start);
}
