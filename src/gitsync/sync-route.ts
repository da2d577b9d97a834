// POST /-/sync: where git-sync's --webhook-url points. git-sync counts any
// status but its --webhook-success-status (200 by default) as a failure and
// tries again after --webhook-backoff (3 s) with the latest commit, so:
// 200 when a run was requested or the commit needs none; 429 with
// Retry-After when rate-limited (git-sync's retry then brings the run); 400
// for a Gitsync-Hash that is not a commit hash.
import type { Route } from '../web/routes.js';
import { sendText } from '../web/routes.js';
import { isCommitHash } from './commit-hash.js';
import type { SyncTrigger } from './sync-trigger.js';

export const SYNC_PATH = '/-/sync';

export function createSyncRoute(trigger: SyncTrigger): Route {
  return {
    method: 'POST',
    path: SYNC_PATH,
    handler(request, response) {
      request.resume(); // git-sync sends no body; drain whatever comes
      const header = request.headers['gitsync-hash'];
      const hash = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase();
      if (hash !== undefined && hash !== '' && !isCommitHash(hash)) {
        sendText(response, 400, 'Gitsync-Hash must be a full commit hash\n');
        return;
      }
      const decision = trigger.request('webhook', hash || undefined);
      switch (decision.result) {
        case 'triggered':
          sendText(response, 200, 'run requested\n');
          return;
        case 'duplicate':
          sendText(response, 200, `commit ${decision.hash} already checked or requested; no run\n`);
          return;
        case 'limited': {
          const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
          sendText(response, 429, `too many sync requests; try again in ${seconds}s\n`, { 'Retry-After': String(seconds) });
          return;
        }
      }
    },
  };
}
