// Where the walk's findings go: each would-be difference is either drift or,
// when a rule explains it, a suppressed difference that records that rule.
// Secret values are masked here, before anything is stored.

import type { ObjectIgnore } from '../ignore/index.js';
import type { Difference } from '../result.js';
import { isInjectedCaBundle, isServiceAllocated } from './fields.js';
import { MASKED_GIT, MASKED_LIVE, maskLastApplied, maskValue, SECRET_PLAIN_FIELDS } from './mask.js';
import type { LiveOnlyVerdict, Owned } from './owned.js';
import type { RuleId } from './rules.js';
import type { Site } from './site.js';

export interface WalkState {
  readonly kind: string;
  readonly hpaTargeted: boolean;
  readonly secret: boolean;
  /** A ClusterRole whose rules the aggregation controller fills in. */
  readonly aggregated: boolean;
  /** Build the git and live projections for the unified diff (only done for drifted objects). */
  readonly project: boolean;
  readonly differences: Difference[];
  readonly suppressed: Difference[];
  /** Set when a difference reported as drift was made by hand (an interactive field manager). */
  handEdited: boolean;
  /** The ignore file's rules that apply to this object. */
  readonly ignore?: ObjectIgnore;
}

/** The git and live sides of a value, shaped like git; undefined means absent. */
export interface Projection {
  readonly git: unknown;
  readonly live: unknown;
}

type Finding = Omit<Difference, 'path' | 'rule' | 'reason' | 'changedBy'>;

export interface ReportContext {
  /** The compare rule that explains the finding away (it is then suppressed). */
  readonly rule?: RuleId;
  /** Ownership here: who changed the live value. */
  readonly owned?: Owned | undefined;
  /** For a value live but not in git: why it is drift. */
  readonly verdict?: LiveOnlyVerdict;
}

/**
 * Records a finding at `site`; returns true when it is drift, false when a
 * rule suppressed it. `context` may be just the rule's id.
 */
export function report(state: WalkState, site: Site, finding: Finding, reportContext: ReportContext | RuleId = {}): boolean {
  const context: ReportContext = typeof reportContext === 'string' ? { rule: reportContext } : reportContext;
  const suppressedBy = context.rule ?? suppressionRule(state, site, finding) ?? state.ignore?.ruleFor(site.path, () => context.owned?.managers() ?? []);
  // Only a live value has someone who changed it.
  const changedBy = context.verdict?.changedBy ?? (finding.kind === 'missing-live' ? undefined : context.owned?.changedBy());
  const difference: Difference = {
    path: site.path,
    ...maskFinding(state, site, finding),
    ...(context.verdict ? { reason: context.verdict.reason } : {}),
    ...(changedBy ? { changedBy } : {}),
  };
  if (suppressedBy === undefined) {
    state.differences.push(difference);
    if (context.verdict?.reason === 'hand-edit' || (changedBy !== undefined && context.owned?.changedByHand() === true)) state.handEdited = true;
    return true;
  }
  state.suppressed.push({ ...difference, rule: suppressedBy });
  return false;
}

function suppressionRule(state: WalkState, site: Site, finding: Finding): RuleId | undefined {
  if (state.hpaTargeted && site.path === '.spec.replicas') return 'hpa-replicas';
  if (state.aggregated && (site.path === '.rules' || site.path.startsWith('.rules['))) return 'aggregated-clusterrole';
  if (finding.kind !== 'unexpected-live') return undefined;
  // Git leaves these empty or out; what is live was filled in by the server or an injector.
  if (isInjectedCaBundle(state.kind, site)) return 'ca-bundle';
  if (isServiceAllocated(state.kind, site)) return 'service-allocated';
  return undefined;
}

/** Whether a path in a Secret may hold its values: anything but its identity, metadata and type (see SECRET_PLAIN_FIELDS). */
export function isSecretValuePath(path: string): boolean {
  if (path === '') return false;
  const field = /^\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(path)?.[1];
  return field === undefined || !SECRET_PLAIN_FIELDS.has(field);
}

function maskFinding(state: WalkState, site: Site, finding: Finding): Finding {
  if (!state.secret) return finding;
  if (!isSecretValuePath(site.path)) {
    // Not a value, but maybe a map holding the last-applied annotation (which holds them).
    return {
      ...finding,
      ...('want' in finding ? { want: maskLastApplied(finding.want) } : {}),
      ...('have' in finding ? { have: maskLastApplied(finding.have) } : {}),
    };
  }
  switch (finding.kind) {
    case 'changed':
      return { kind: 'changed', want: MASKED_GIT, have: MASKED_LIVE };
    case 'missing-live':
      return { kind: 'missing-live', want: maskValue(finding.want) };
    case 'unexpected-live':
      return { kind: 'unexpected-live', have: maskValue(finding.have) };
  }
}

/** The projection of a finding once reported: suppressed findings show the git value on both sides. */
export function findingProjection(drift: boolean, want: unknown, have: unknown): Projection {
  return { git: want, live: drift ? have : want };
}
