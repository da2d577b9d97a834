// Watch on lists: a chunked stream of {"type","object"} lines, starting with
// the current objects (or the changes since a resourceVersion), then live
// changes until the client goes away, timeoutSeconds passes or the server closes.
import type { ServerResponse } from 'node:http';
import { ResourceRegistry } from './registry.js';
import { asServed, matchingObjects } from './reads.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { ServerState } from './state.js';
import { ApiError } from './status.js';
import { toTable } from './tables.js';
import type { StoreEvent } from './store.js';
import type { KubeObject, ResourceType } from './types.js';

function tooOld(revision: string, current: number): ApiError {
  return new ApiError(410, 'Expired', `too old resource version: ${revision} (${current})`);
}

export function startWatch(state: ServerState, type: ResourceType, namespace: string, query: URLSearchParams, res: ServerResponse, signal: AbortSignal, table = false): void {
  const storageKey = ResourceRegistry.storageKey(type);
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'));
  const matches = (obj: KubeObject): boolean => labels(obj) && fields(obj);
  const revision = query.get('resourceVersion') ?? '';
  const sendInitial = query.get('sendInitialEvents') === 'true';

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  // Clients wait for the headers before they act: send them even when no event is due yet.
  res.flushHeaders();
  let headersSent = false;
  const send = (eventType: string, object: unknown): void => {
    let payload = object;
    if (table && (eventType === 'ADDED' || eventType === 'MODIFIED' || eventType === 'DELETED')) {
      const obj = object as KubeObject;
      const rows = toTable(type, [obj], state.now(), { resourceVersion: (obj.metadata as KubeObject).resourceVersion });
      // Like the real server, only the first event carries the column definitions.
      payload = headersSent ? { ...rows, columnDefinitions: null } : rows;
      headersSent = true;
    }
    res.write(`${JSON.stringify({ type: eventType, object: payload })}\n`);
  };

  const forward = (event: StoreEvent): void => {
    if (event.storageKey !== storageKey || (namespace && event.namespace !== namespace)) return;
    const now = matches(event.object);
    const before = event.previous ? matches(event.previous) : now;
    let eventType: string = event.type;
    if (event.type === 'MODIFIED' && now !== before) eventType = now ? 'ADDED' : 'DELETED';
    else if (!now) return;
    send(eventType, asServed(type, event.object));
  };

  if (revision === '' || revision === '0' || sendInitial) {
    for (const obj of matchingObjects(state, type, namespace, query)) send('ADDED', asServed(type, obj));
    if (sendInitial) {
      send('BOOKMARK', {
        kind: type.kind,
        apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
        metadata: { resourceVersion: String(state.store.currentRevision()), annotations: { 'k8s.io/initial-events-end': 'true' } },
      });
    }
  } else {
    const events = state.store.eventsSince(Number(revision));
    if (!events || Number.isNaN(Number(revision))) {
      send('ERROR', tooOld(revision, state.store.currentRevision()).toStatus());
      res.end();
      return;
    }
    for (const event of events) forward(event);
  }

  const unsubscribe = state.store.subscribe(forward);
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
  const timer = timeoutSeconds > 0 ? setTimeout(stop, timeoutSeconds * 1000) : undefined;
  function stop(): void {
    unsubscribe();
    if (timer) clearTimeout(timer);
    if (!res.writableEnded) res.end();
  }
  signal.addEventListener('abort', stop, { once: true });
  res.on('close', stop);
}
