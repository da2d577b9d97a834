// Which managedFields managers stand for git (the appliers), which are people
// changing things by hand (interactive managers), and which are the rest
// (controllers, webhooks, operators). The defaults come from what real
// kubectl sends for each command (test/apiserver/field-managers.test.ts).

import type { ManagedEntry } from './entries.js';

export interface OwnershipPolicy {
  /** The managers that apply git (`--applier`); undefined: the defaults below. */
  readonly appliers?: readonly string[];
  /** More interactive managers (`--hand-edit-manager`), added to the defaults. */
  readonly handEditManagers?: readonly string[];
}

export type Role = 'applier' | 'interactive' | 'other';

/** kubectl's client-side apply: kubectl-client-side-apply, and `kubectl` (older kubectl sent no manager). */
export const CLIENT_SIDE_APPLIERS: readonly string[] = ['kubectl-client-side-apply', 'kubectl'];

/**
 * What kubectl sends for edit, patch, set, label, annotate, replace, rollout,
 * create, taint, run, expose and autoscale; `kubectl` (scale, rollout undo,
 * cordon: no manager sent, so the User-Agent's); k9s; and `Mozilla`, the
 * User-Agent of browser-based consoles (Lens, OpenShift's console, Headlamp).
 */
export const DEFAULT_HAND_EDIT_MANAGERS: readonly string[] = [
  'kubectl-edit',
  'kubectl-patch',
  'kubectl-set',
  'kubectl-label',
  'kubectl-annotate',
  'kubectl-replace',
  'kubectl-rollout',
  'kubectl-create',
  'kubectl-taint',
  'kubectl-run',
  'kubectl-expose',
  'kubectl-autoscale',
  'kubectl',
  'k9s',
  'Mozilla',
];

/** Decides each entry's role; built once per check. */
export function roleDecider(policy: OwnershipPolicy): (entry: ManagedEntry) => Role {
  const named = policy.appliers && policy.appliers.length > 0 ? new Set(policy.appliers) : undefined;
  const interactive = new Set([...DEFAULT_HAND_EDIT_MANAGERS, ...(policy.handEditManagers ?? [])]);
  // Without named appliers, kubectl apply is the applier; with them, someone running it by hand is not.
  if (named) for (const manager of CLIENT_SIDE_APPLIERS) interactive.add(manager);
  return (entry) => {
    // Git is applied to the object itself, never through a subresource (scale, status).
    const onObject = entry.subresource === undefined;
    if (named) {
      if (onObject && named.has(entry.manager)) return 'applier';
    } else if (onObject && (entry.operation === 'Apply' || (entry.operation === 'Update' && CLIENT_SIDE_APPLIERS.includes(entry.manager)))) {
      return 'applier';
    }
    return interactive.has(entry.manager) ? 'interactive' : 'other';
  };
}
