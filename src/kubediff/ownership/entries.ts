// The entries of `metadata.managedFields`: who (manager), how (Apply or
// Update, through which subresource), when, and which fields. An entry that
// cannot be read is left out and counted, so a check can say ownership was
// partly unknown instead of guessing.

import type { ChangedBy } from '../result.js';
import { isMap, type JsonMap } from '../compare/values.js';
import { checkFieldsV1, FieldNode, FieldsV1Error } from './fields-v1.js';

export interface ManagedEntry {
  readonly manager: string;
  readonly operation: string;
  readonly apiVersion?: string;
  /** RFC 3339, as the entry has it. */
  readonly time?: string;
  readonly subresource?: string;
  readonly fields: FieldNode;
}

export interface ManagedEntries {
  readonly entries: readonly ManagedEntry[];
  /** Entries left out: not an object, no manager, not FieldsV1, or fields that do not parse. */
  readonly unreadable: number;
}

const NONE: ManagedEntries = { entries: [], unreadable: 0 };

export function readManagedFields(live: JsonMap): ManagedEntries {
  const metadata = live.metadata;
  const list = isMap(metadata) ? metadata.managedFields : undefined;
  if (!Array.isArray(list) || list.length === 0) return NONE;
  const entries: ManagedEntry[] = [];
  let unreadable = 0;
  for (const raw of list) {
    const entry = readEntry(raw);
    if (entry) entries.push(entry);
    else unreadable++;
  }
  return { entries, unreadable };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function readEntry(raw: unknown): ManagedEntry | undefined {
  if (!isMap(raw) || typeof raw.manager !== 'string') return undefined;
  if (raw.fieldsType !== undefined && raw.fieldsType !== 'FieldsV1') return undefined;
  const json = raw.fieldsV1 ?? {};
  try {
    checkFieldsV1(json);
  } catch (error) {
    if (error instanceof FieldsV1Error) return undefined;
    throw error;
  }
  const fields = new FieldNode(json as JsonMap);
  const apiVersion = text(raw.apiVersion);
  const time = text(raw.time);
  const subresource = text(raw.subresource);
  return {
    manager: raw.manager,
    operation: text(raw.operation) ?? 'Update',
    ...(apiVersion === undefined ? {} : { apiVersion }),
    ...(time === undefined ? {} : { time }),
    ...(subresource === undefined ? {} : { subresource }),
    fields,
  };
}

/** The entry as a difference's `changedBy`. */
export function changedByOf(entry: ManagedEntry): ChangedBy {
  return {
    manager: entry.manager,
    operation: entry.operation,
    ...(entry.time === undefined ? {} : { time: entry.time }),
    ...(entry.subresource === undefined ? {} : { subresource: entry.subresource }),
  };
}

const millis = (entry: ManagedEntry): number => {
  const parsed = entry.time === undefined ? Number.NaN : Date.parse(entry.time);
  return Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
};

/** The most recent entry (by time; entries without a readable one count as oldest); the first of equals. */
export function latest(entries: readonly ManagedEntry[]): ManagedEntry | undefined {
  let best: ManagedEntry | undefined;
  for (const entry of entries) {
    if (!best || millis(entry) > millis(best)) best = entry;
  }
  return best;
}
