// The comparison rules, as data: each has an id (recorded on a suppressed
// difference as `rule`) and one line for the page ("which rule hid it").
// The numbers in comments refer to the rows of FALSE-POSITIVES.md.

export type RuleId =
  | 'quantity' // 1
  | 'server-defaults' // 2
  | 'empty-equals-absent' // 3
  | 'zero-value' // 3
  | 'hpa-replicas' // 4
  | 'secret-string-data' // 5
  | 'ca-bundle' // 6
  | 'bookkeeping' // 7
  | 'status' // 8
  | 'merge-key' // 9
  | 'aggregated-clusterrole' // 10
  | 'service-allocated' // 11
  | 'int-or-string' // 12
  | 'endpoints-set' // 13
  | 'not-owned' // 14
  | 'image-digest' // 15
  | 'pruned' // 17
  | 'schema-default'; // 19 (defaults the cluster's schema declares)

export interface CompareRule {
  readonly id: RuleId;
  readonly explanation: string;
  /** Whether differences hidden by this rule are recorded in `suppressed` (the others are never differences at all). */
  readonly recorded: boolean;
}

export const COMPARE_RULES: readonly CompareRule[] = [
  { id: 'quantity', recorded: true, explanation: 'Quantities are compared by exact value: 1000m equals 1, 1Gi equals 1024Mi; in built-in kinds and wherever the cluster\'s schema marks a Quantity (custom resources included).' },
  { id: 'server-defaults', recorded: false, explanation: 'Only fields present in git are compared; values the server defaults are not drift.' },
  { id: 'empty-equals-absent', recorded: false, explanation: 'Empty maps, empty lists, null and empty strings (e.g. in Secret data) count as absent.' },
  { id: 'zero-value', recorded: true, explanation: 'false or 0 in git equals a field absent live where the server drops it (hostNetwork, tty, minReadySeconds); where it keeps it (securityContext fields, automountServiceAccountToken, spec.replicas, ...) absent live is drift.' },
  { id: 'hpa-replicas', recorded: true, explanation: 'spec.replicas is ignored when a HorizontalPodAutoscaler in the cluster scales the object.' },
  { id: 'secret-string-data', recorded: false, explanation: 'A Secret\'s stringData is folded into base64 data before comparing; values are never shown.' },
  { id: 'ca-bundle', recorded: true, explanation: 'caBundle injected into webhook configurations, CRD conversion or APIServices is ignored when git leaves it empty, or holds a placeholder that decodes to whitespace only (Cg==).' },
  { id: 'bookkeeping', recorded: false, explanation: 'uid, resourceVersion, generation, creationTimestamp, managedFields and bookkeeping annotations are never compared.' },
  { id: 'status', recorded: false, explanation: 'status is written by controllers and never compared, even when committed to git.' },
  { id: 'merge-key', recorded: false, explanation: 'Keyed lists (containers, env, ports, volumes, ...; in every kind, lists the cluster\'s schema marks x-kubernetes-list-type: map) are matched by key; their order is not drift.' },
  { id: 'aggregated-clusterrole', recorded: true, explanation: 'The rules of a ClusterRole with an aggregationRule are filled in by the aggregation controller.' },
  { id: 'service-allocated', recorded: true, explanation: 'Service clusterIP(s), ipFamilies, ipFamilyPolicy and node ports allocated by the server are not drift.' },
  { id: 'int-or-string', recorded: true, explanation: 'Numbers and numeric strings are compared by value (80 equals "80").' },
  { id: 'endpoints-set', recorded: false, explanation: 'Endpoints subsets, addresses and ports are compared as sets.' },
  { id: 'not-owned', recorded: false, explanation: 'Keys and list items live but not in git are drift only when the last-applied configuration holds them.' },
  { id: 'image-digest', recorded: true, explanation: 'A live image equal to the git image plus an @sha256 digest (added by a webhook) is not drift.' },
  { id: 'pruned', recorded: true, explanation: 'git has fields the API server drops: the cluster\'s schema does not declare them (and no x-kubernetes-preserve-unknown-fields allows them), so applying never stores them. Not drift, but dead fields in the manifest.' },
  { id: 'schema-default', recorded: true, explanation: 'git sets a field to the default the cluster\'s schema declares for it, and the field is absent live: the same value.' },
];

const explanations = new Map<string, string>(COMPARE_RULES.map((rule) => [rule.id, rule.explanation]));

/** The one-line explanation of a rule id, for the page; undefined for an unknown id. */
export function explainRule(id: string): string | undefined {
  // Rules of the ignore file (--ignore-file) are named by the user: ignore:<name>.
  if (id.startsWith('ignore:')) return `Hidden by the rule ${JSON.stringify(id.slice('ignore:'.length))} of the ignore file (--ignore-file).`;
  return explanations.get(id);
}
