// Any other object, custom resources included, by the conventions most
// controllers follow: a `Ready` condition, kstatus' `Stalled` and
// `Reconciling`, and status.observedGeneration catching up with
// metadata.generation.
import { conditionsOf, conditionText, generationLag, type Json } from './read.js';
import { degraded, healthy, progressing, type Verdict } from './verdict.js';

export function genericHealth(object: Json): Verdict {
  const conditions = conditionsOf(object);
  const find = (type: string) => conditions.find((c) => c.type === type);
  const stalled = find('Stalled');
  if (stalled?.status === 'True') return degraded(conditionText(stalled, 'Stalled'));
  const ready = find('Ready');
  if (ready?.status === 'False') return degraded(conditionText(ready, 'not Ready'));
  if (ready?.status === 'Unknown') return progressing(conditionText(ready, 'Ready is Unknown'), { progress: ready.reason ?? '' });
  const reconciling = find('Reconciling');
  if (reconciling?.status === 'True') return progressing(conditionText(reconciling, 'Reconciling'), { progress: reconciling.reason ?? '' });
  const lag = generationLag(object);
  if (lag) {
    return progressing(`waiting for its controller to observe generation ${lag.generation} (it has seen ${lag.observed})`, { progress: String(lag.observed) });
  }
  if (ready?.status === 'True') return healthy(conditionText(ready, 'Ready'));
  return healthy('no rollout status to check');
}
