// What health keeps of a live object while the check streams past it (each
// object is compared as it arrives and then let go): the rule's verdict and,
// for a workload, the few fields --pods needs to match its pods. A few
// strings per object, never the object.
import type { ObjectRef } from '../result.js';
import { assessLive } from './assess.js';
import { workloadDigest, type WorkloadDigest } from './pods/owners.js';
import type { Json } from './read.js';
import type { Verdict } from './verdict.js';

export interface LiveHealth {
  readonly verdict: Verdict;
  readonly workload?: WorkloadDigest;
}

export function readLiveHealth(ref: ObjectRef, live: Json): LiveHealth {
  const workload = workloadDigest(ref, live);
  return { verdict: assessLive(ref.apiVersion, ref.kind, live), ...(workload ? { workload } : {}) };
}
