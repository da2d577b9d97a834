// PersistentVolumeClaims (is a volume bound?) and Services of type
// LoadBalancer (has the cloud given an address?).
import { at, isJson, stringAt, type Json } from './read.js';
import { degraded, healthy, progressing, type Verdict } from './verdict.js';

export function persistentVolumeClaimHealth(claim: Json): Verdict {
  const phase = stringAt(claim, 'status', 'phase');
  const volume = stringAt(claim, 'spec', 'volumeName');
  switch (phase) {
    case 'Bound':
      return healthy(volume ? `Bound to volume ${volume}` : 'Bound');
    case 'Lost':
      return degraded(`Lost: its volume${volume ? ` ${volume}` : ''} no longer exists`);
    default:
      return progressing(`${phase ?? 'Pending'}: waiting for a volume to be bound`, { progress: phase ?? '' });
  }
}

export function serviceHealth(service: Json): Verdict {
  const type = stringAt(service, 'spec', 'type') ?? 'ClusterIP';
  if (type !== 'LoadBalancer') return healthy(type);
  const ingress = at(service, 'status', 'loadBalancer', 'ingress');
  if (!Array.isArray(ingress) || ingress.length === 0) return progressing('LoadBalancer: waiting for an external address', { progress: '' });
  const addresses = ingress.filter(isJson).map((entry) => stringAt(entry, 'ip') ?? stringAt(entry, 'hostname')).filter((a): a is string => !!a);
  if (addresses.length === 0) return healthy('LoadBalancer provisioned');
  return healthy(`LoadBalancer at ${addresses.slice(0, 3).join(', ')}${addresses.length > 3 ? ', …' : ''}`);
}
