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
      return pendingClaim(claim, phase ?? 'Pending');
  }
}

/**
 * The volume controller asks a provisioner for a volume (and says which in
 * the storage-provisioner annotation) at once, or, for a WaitForFirstConsumer
 * class, once the scheduler has put a pod that uses the claim on a node (the
 * selected-node annotation). A claim with neither is waiting for that pod,
 * which may rightly take forever (nothing uses it yet), so no deadline
 * judges it: a pod that cannot be scheduled shows on its own workload.
 */
function pendingClaim(claim: Json, phase: string): Verdict {
  const provisioner = stringAt(claim, 'metadata', 'annotations', 'volume.kubernetes.io/storage-provisioner') ?? stringAt(claim, 'metadata', 'annotations', 'volume.beta.kubernetes.io/storage-provisioner');
  const node = stringAt(claim, 'metadata', 'annotations', 'volume.kubernetes.io/selected-node');
  if (provisioner) return progressing(`${phase}: waiting for ${provisioner} to provision a volume`, { progress: phase });
  if (node) return progressing(`${phase}: waiting for a volume on node ${node}`, { progress: phase });
  return progressing(`${phase}: not bound; no volume is being provisioned yet (a WaitForFirstConsumer class waits for a pod that uses the claim)`, { progress: phase, deadlineSeconds: 'none' });
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
