// Objects by health status, every status present (0 when none).
import type { HealthStatus, ObjectResult } from '../result.js';
import { HEALTH_STATUSES } from './verdict.js';

export function countHealth(objects: readonly ObjectResult[]): Record<HealthStatus, number> {
  const counts = Object.fromEntries(HEALTH_STATUSES.map((status) => [status, 0])) as Record<HealthStatus, number>;
  for (const object of objects) if (object.health) counts[object.health.status]++;
  return counts;
}
