// Rollout health of the objects git declares, read from the live objects the
// check already fetched (and, with --pods, from one LIST of pods per
// namespace), in Argo CD's vocabulary. Never changes the exit code.
export { attachHealth } from './attach.js';
export type { AttachOptions, Attached } from './attach.js';
export { assessLive } from './assess.js';
export { DEFAULT_PROGRESS_DEADLINE_MS } from './deadline.js';
export { createHealthMemory } from './memory.js';
export type { HealthMemory, HealthState } from './memory.js';
export { readLiveHealth } from './live.js';
export type { LiveHealth } from './live.js';
export { indexWorkloads } from './pods/owners.js';
export { readPods } from './pods/read-pods.js';
export { countHealth } from './totals.js';
export { HEALTH_STATUSES } from './verdict.js';
export type { Verdict } from './verdict.js';
