// Objects that extend or steer the cluster: HorizontalPodAutoscalers,
// APIServices and CustomResourceDefinitions, each judged by the conditions
// its controller writes.
import { conditionsOf, conditionText, numberAt, stringAt, type Condition, type Json } from './read.js';
import { degraded, healthy, progressing, type Verdict } from './verdict.js';

/** autoscaling/v1 keeps the conditions of v2 in an annotation, as a JSON string. */
const V1_CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const MAX_ANNOTATION_CHARS = 64 * 1024;

function autoscalerConditions(hpa: Json): Condition[] {
  const own = conditionsOf(hpa);
  if (own.length > 0) return own;
  const annotation = stringAt(hpa, 'metadata', 'annotations', V1_CONDITIONS);
  if (annotation === undefined || annotation.length > MAX_ANNOTATION_CHARS) return [];
  try {
    return conditionsOf(undefined, JSON.parse(annotation));
  } catch {
    return [];
  }
}

export function autoscalerHealth(hpa: Json): Verdict {
  const conditions = autoscalerConditions(hpa);
  const find = (type: string) => conditions.find((c) => c.type === type);
  if (conditions.length === 0) return progressing('the autoscaler has not reported conditions yet', { progress: '' });
  const able = find('AbleToScale');
  // Backoff*: waiting out a stabilization window after a scale (older clusters), not a failure.
  if (able?.status === 'False' && !able.reason?.startsWith('Backoff')) return degraded(conditionText(able, 'not able to scale'));
  const active = find('ScalingActive');
  if (active?.status === 'False') {
    // The target has 0 replicas: scaling is off by the user's choice.
    if (active.reason === 'ScalingDisabled') return healthy(conditionText(active, 'scaling disabled'));
    return degraded(conditionText(active, 'scaling is not active'));
  }
  const limited = find('ScalingLimited');
  if (limited?.status === 'True') return healthy(conditionText(limited, 'scaling limited'));
  const current = numberAt(hpa, 'status', 'currentReplicas');
  const desired = numberAt(hpa, 'status', 'desiredReplicas');
  return healthy(current === undefined ? 'scaling' : `${current} replicas${desired !== undefined && desired !== current ? `, scaling to ${desired}` : ''}`);
}

export function apiServiceHealth(service: Json): Verdict {
  const available = conditionsOf(service).find((c) => c.type === 'Available');
  if (!available) return progressing('not reported Available yet', { progress: '' });
  if (available.status === 'True') return healthy(conditionText(available, 'Available'));
  if (available.status === 'False') return degraded(conditionText(available, 'not available'));
  return progressing(conditionText(available, 'availability unknown'), { progress: available.reason ?? '' });
}

export function customResourceDefinitionHealth(crd: Json): Verdict {
  const conditions = conditionsOf(crd);
  const names = conditions.find((c) => c.type === 'NamesAccepted');
  if (names?.status === 'False') return degraded(conditionText(names, 'names not accepted'));
  const established = conditions.find((c) => c.type === 'Established');
  if (established?.status === 'True') return healthy(conditionText(established, 'Established'));
  if (established?.status === 'False') return degraded(conditionText(established, 'not established'));
  return progressing('not Established yet', { progress: '' });
}
