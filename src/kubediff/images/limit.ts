// Runs work over items with at most `limit` at once, and at most `global.free`
// at once over every caller sharing `global` (each registry has its own
// limit; all registries together share one).

export interface SharedSlots {
  free: number;
  waiting?: (() => void)[];
}

export async function runLimited<T>(items: readonly T[], limit: number, global: SharedSlots, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const item = items[next++] as T;
      await acquire(global);
      try {
        await work(item);
      } finally {
        release(global);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function acquire(slots: SharedSlots): Promise<void> {
  if (slots.free > 0) {
    slots.free--;
    return Promise.resolve();
  }
  return new Promise((resolve) => (slots.waiting ??= []).push(resolve));
}

function release(slots: SharedSlots): void {
  const waiter = slots.waiting?.shift();
  if (waiter) waiter(); // the slot passes straight to the next one waiting
  else slots.free++;
}
