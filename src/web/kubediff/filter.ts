// The page's filter: read from the query string, so the same filter works
// without JavaScript (a plain GET form) and survives reloads.
import { HEALTH_STATUSES } from '../../kubediff/health/index.js';
import type { HealthStatus, ObjectResult, ObjectState } from '../../kubediff/result.js';
import type { PageFilter } from './page-data.js';

const STATES: readonly ObjectState[] = ['in-sync', 'drifted', 'missing', 'error'];

export const NO_FILTER: PageFilter = { namespace: '', kind: '', state: '', query: '' };

/** The filter in `?ns=&kind=&state=&health=&q=`; unknown states are ignored, values are trimmed and bounded. */
export function parsePageFilter(params: URLSearchParams): PageFilter {
  const read = (name: string): string => (params.get(name) ?? '').trim().slice(0, 200);
  const state = read('state');
  const health = read('health');
  return {
    namespace: read('ns'),
    kind: read('kind'),
    state: (STATES as readonly string[]).includes(state) ? (state as ObjectState) : '',
    query: read('q'),
    health: (HEALTH_STATUSES as readonly string[]).includes(health) ? (health as HealthStatus) : '',
  };
}

export function isFiltered(filter: PageFilter): boolean {
  return filter.namespace !== '' || filter.kind !== '' || filter.state !== '' || filter.query !== '' || (filter.health ?? '') !== '';
}

/** The lower-case text the search box matches: kind, namespace/name, source file and difference paths. */
export function searchText(object: ObjectResult): string {
  const { ref } = object;
  const parts = [ref.kind, `${ref.namespace ?? ''}/${ref.name}`, object.source.file, object.source.build?.origin ?? ''];
  for (const d of object.differences) parts.push(d.path);
  if (object.error) parts.push(object.error.message);
  if (object.health && object.health.status !== 'Healthy') parts.push(object.health.reason);
  return parts.join(' ').toLowerCase();
}

/** Whether an object passes the filter (kind and namespace match exactly but ignore case, the query is a substring). */
export function matchesFilter(object: ObjectResult, filter: PageFilter): boolean {
  if (filter.state !== '' && object.state !== filter.state) return false;
  if (filter.health && object.health?.status !== filter.health) return false;
  if (filter.kind !== '' && object.ref.kind.toLowerCase() !== filter.kind.toLowerCase()) return false;
  if (filter.namespace !== '' && (object.ref.namespace ?? '').toLowerCase() !== filter.namespace.toLowerCase()) {
    return false;
  }
  if (filter.query !== '' && !searchText(object).includes(filter.query.toLowerCase())) return false;
  return true;
}
