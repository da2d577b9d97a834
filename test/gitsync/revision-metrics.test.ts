import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { RevisionMetrics } from '../../src/gitsync/revision-metrics.js';

const rev = (c: string, committedAt: string) => ({ hash: c.repeat(40), shortHash: c.repeat(7), subject: 's', author: 'a', committedAt });

test('the revision info series follows the commit; the old one is removed', async () => {
  const registry = new Registry();
  const metrics = new RevisionMetrics(registry);
  assert.doesNotMatch(await registry.metrics(), /timestamp_seconds/, 'no timestamp before the first run');
  metrics.observe({ revision: rev('a', '2026-01-01T00:00:00Z'), changedAtMs: 1_700_000_000_000 });
  let text = await registry.metrics();
  assert.match(text, new RegExp(`^kubediff_git_revision_info\\{revision="${'a'.repeat(40)}",short_revision="aaaaaaa"\\} 1$`, 'm'));
  assert.match(text, /^kubediff_git_commit_timestamp_seconds 1767225600$/m);
  assert.match(text, /^kubediff_git_checkout_changed_timestamp_seconds 1700000000$/m);

  metrics.observe({ revision: rev('b', '2026-01-02T00:00:00Z'), changedAtMs: 1_700_000_100_000 });
  text = await registry.metrics();
  assert.doesNotMatch(text, /revision="a{40}"/);
  assert.match(text, /^kubediff_git_revision_info\{revision="b{40}",short_revision="bbbbbbb"\} 1$/m);
  assert.match(text, /^kubediff_git_checkout_changed_timestamp_seconds 1700000100$/m);

  metrics.observe({ revision: undefined, changedAtMs: 1_700_000_200_000 });
  text = await registry.metrics();
  assert.doesNotMatch(text, /^kubediff_git_revision_info\{/m);
  assert.doesNotMatch(text, /^kubediff_git_commit_timestamp_seconds /m);
  metrics.countDiscarded(2);
  assert.match(await registry.metrics(), /^kubediff_git_discarded_runs_total 2$/m);
});
