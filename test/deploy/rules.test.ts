// The alerting rules: valid for promtool, unit-tested alert by alert, shipped
// identically as a plain rules file and as a PrometheusRule, and written
// against metrics the code really exports.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { renderPrometheusRule } from './prometheus-rule.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const rulesDir = join(repo, 'k8s/rules');
const rulesText = readFileSync(join(rulesDir, 'kubediff.rules.yaml'), 'utf8');

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleGroups {
  groups: { name: string; rules: Rule[] }[];
}
interface UnitTests {
  rule_files: string[];
  tests: { name: string; alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}

const rules = (parse(rulesText) as RuleGroups).groups.flatMap((group) => group.rules);

function promtool(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd: rulesDir, encoding: 'utf8' });
  if (result.error) throw new Error(`promtool (Debian package prometheus) is needed: ${result.error.message}`);
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('alerting rules', () => {
  test('promtool check rules accepts the rules file', () => {
    const { status, output } = promtool('check', 'rules', 'kubediff.rules.yaml');
    assert.equal(status, 0, output);
    assert.match(output, new RegExp(`SUCCESS: ${rules.length} rules found`));
  });

  test('promtool test rules passes every unit test', () => {
    const { status, output } = promtool('test', 'rules', 'kubediff.rules.test.yaml');
    assert.equal(status, 0, output);
    assert.match(output, /SUCCESS/);
  });

  test('every alert has a unit test where it fires and one where it stays quiet', () => {
    const unitTests = parse(readFileSync(join(rulesDir, 'kubediff.rules.test.yaml'), 'utf8')) as UnitTests;
    assert.deepEqual(unitTests.rule_files, ['kubediff.rules.yaml']);
    const cases = unitTests.tests.flatMap((unit) => unit.alert_rule_test ?? []);
    assert.deepEqual(rules.map((rule) => rule.alert).sort(), ['KubediffCheckFailing', 'KubediffCheckStale', 'KubediffDown', 'KubediffDrift', 'KubediffGitSyncStale', 'KubediffImageAbsent', 'KubediffPodsCrashLooping', 'KubediffRolloutStuck', 'KubediffWebConfigReloadFailed']);
    for (const { alert } of rules) {
      assert.ok(cases.some((unit) => unit.alertname === alert && unit.exp_alerts.length > 0), `${alert} fires in a test`);
      assert.ok(cases.some((unit) => unit.alertname === alert && unit.exp_alerts.length === 0), `${alert} stays quiet in a test`);
    }
  });

  test('drift is exit code 2 of job="kubediff" for 2h; a failing check is any other non-zero code for 30m', () => {
    const drift = rules.find((rule) => rule.alert === 'KubediffDrift');
    assert.equal(drift?.expr, 'command_exit_code{job="kubediff"} == 2');
    assert.equal(drift?.for, '2h');
    assert.equal(drift?.annotations?.summary, 'The cluster differs from git.');
    const failing = rules.find((rule) => rule.alert === 'KubediffCheckFailing');
    assert.equal(failing?.for, '30m');
  });

  test('every alert has a severity, a summary, and a description that says where to look', () => {
    for (const rule of rules) {
      assert.match(rule.labels?.severity ?? '', /^(warning|info)$/, `${rule.alert} severity`);
      assert.ok((rule.annotations?.summary ?? '').length > 10, `${rule.alert} summary`);
      const description = rule.annotations?.description ?? '';
      assert.match(description, /kubectl -n /, `${rule.alert} names a kubectl command`);
      // The page cannot help while no kubediff is up, nor with its own web
      // config (the log names the file and key); every other alert points at it.
      if (rule.alert !== 'KubediffDown' && rule.alert !== 'KubediffWebConfigReloadFailed') assert.match(description, /port-forward deploy\/kubediff 9152, then open http:\/\/localhost:9152\//, `${rule.alert} points at the page`);
    }
  });

  test('k8s/prometheusrule.yaml holds exactly the rules file\'s groups', () => {
    const path = join(repo, 'k8s/prometheusrule.yaml');
    const expected = renderPrometheusRule(rulesText);
    // KUBEDIFF_UPDATE_RULES=1 rewrites the generated file, like a golden file.
    if (process.env.KUBEDIFF_UPDATE_RULES === '1') writeFileSync(path, expected);
    const actual = readFileSync(path, 'utf8');
    assert.equal(actual, expected, 'k8s/prometheusrule.yaml is stale: run KUBEDIFF_UPDATE_RULES=1 npm run test:only -- test/deploy/rules.test.ts');
    const manifest = parse(actual) as { apiVersion: string; kind: string; spec: RuleGroups };
    assert.equal(manifest.apiVersion, 'monitoring.coreos.com/v1');
    assert.equal(manifest.kind, 'PrometheusRule');
    assert.deepEqual(manifest.spec.groups, (parse(rulesText) as RuleGroups).groups);
  });

  test('every metric the rules use is one the code exports', () => {
    const exported = new Set<string>();
    for (const file of sourceFiles(join(repo, 'src'))) {
      // Metric names are string literals in src/ (`name: '...'` or a constructor argument).
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/'((?:command|kubediff)_[a-z_]+)'/g)) {
        if (name !== undefined) exported.add(name);
      }
    }
    const used = new Set(rules.flatMap((rule) => [rule.expr, rule.annotations?.description ?? ''].flatMap((text) => text.match(/\b(?:command|kubediff)_[a-z_]+\b/g) ?? [])));
    assert.ok(used.size >= 4, `the rules use the runner's and the checker's metrics: ${[...used].join(', ')}`);
    for (const metric of used) assert.ok(exported.has(metric), `${metric} is exported by src/ (found: ${[...exported].sort().join(', ')})`);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}
