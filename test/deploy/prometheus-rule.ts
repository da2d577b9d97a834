// k8s/prometheusrule.yaml is generated from the plain rules file
// k8s/rules/kubediff.rules.yaml: its groups, text and comments included,
// indented under `spec:`. Rewrite it with
//   KUBEDIFF_UPDATE_RULES=1 npm run test:only -- test/deploy/rules.test.ts

const HEADER = `# GENERATED from rules/kubediff.rules.yaml: edit that file, then run
#   KUBEDIFF_UPDATE_RULES=1 npm run test:only -- test/deploy/rules.test.ts
# The same alerting rules, for the Prometheus operator. Many installations
# select PrometheusRules by a label (kube-prometheus-stack: \`release: <helm
# release>\`); add it here if yours does.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: kubediff
  labels:
    app.kubernetes.io/name: kubediff
spec:
`;

/** The PrometheusRule manifest holding the rules file's groups. */
export function renderPrometheusRule(rulesFile: string): string {
  const lines = rulesFile.split('\n');
  const start = lines.findIndex((line) => line.startsWith('groups:'));
  if (start < 0) throw new Error('the rules file has no top-level `groups:`');
  const body = lines.slice(start).map((line) => (line === '' ? '' : `  ${line}`));
  return HEADER + body.join('\n');
}
