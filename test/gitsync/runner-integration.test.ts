// The git-sync pairing inside a runner assembled as prom-run assembles it:
// the waiting state, git-sync's webhook leading to a run for the new commit,
// repeated hashes answered without a run, the rate limit, --watch, and the
// revision metric and page following the commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { getStatus, startHarness, waitFor } from './runner-harness.js';

const manifests = (n: number): Record<string, string> => ({ 'k8s/a.yaml': `commit-${n}\n`, 'k8s/b.yaml': `commit-${n}\n` });

test('waits for the first sync, then each webhook brings a result for the new commit', async (t) => {
  const h = await startHarness({});
  t.after(() => h.close());

  const waiting = await waitFor('the waiting state', async () => (await getStatus(h.url)).waiting ?? undefined);
  assert.match(waiting.reason, /^waiting for .*\/repo\/k8s$/);
  const ready = await fetch(`${h.url}/readyz`);
  assert.equal(ready.status, 503);
  assert.match(await ready.text(), /waiting for/);
  assert.match(await (await fetch(`${h.url}/`)).text(), /<h1>[^<]*waiting for [^<]*\/repo\/k8s<\/h1>/i);
  const metrics = await (await fetch(`${h.url}/metrics`)).text();
  assert.doesNotMatch(metrics, /^command_exit_code /m, 'no exit code while waiting');
  assert.doesNotMatch(metrics, /^kubediff_git_revision_info\{/m);
  assert.equal(h.stats.runs, 0);

  for (const n of [1, 2]) {
    const hash = await h.repo.commit(manifests(n), { message: `commit ${n}` });
    const started = Date.now();
    const sync = await h.repo.sync();
    assert.equal(sync.webhook, 200);
    const check = await waitFor(`a result for commit ${n}`, async () => {
      const latest = (await getStatus(h.url)).latest;
      return latest?.check?.revision?.hash === hash ? latest.check : undefined;
    });
    t.diagnostic(`commit ${n}: sync + webhook to result in ${Date.now() - started} ms`);
    assert.deepEqual(new Set(check.objects.map((object) => object.ref.name)), new Set([`commit-${n}`]));
    const status = await getStatus(h.url);
    assert.equal(status.waiting, null);
    assert.equal(status.latest?.trigger, 'request');
    assert.equal((await fetch(`${h.url}/readyz`)).status, 200);

    const text = await (await fetch(`${h.url}/metrics`)).text();
    const series = text.match(/^kubediff_git_revision_info\{.*$/gm) ?? [];
    assert.deepEqual(series, [`kubediff_git_revision_info{revision="${hash}",short_revision="${hash.slice(0, 7)}"} 1`]);
    assert.match(text, /^command_exit_code 0$/m);
    const page = await (await fetch(`${h.url}/`)).text();
    assert.ok(page.includes(`<code title="${hash}">${hash.slice(0, 7)}</code>`), 'the page shows the commit');
    assert.ok(page.includes(`commit ${n}`));
  }
});

test('a repeated Gitsync-Hash is answered 200 without a run; a flood is rate-limited', async (t) => {
  const h = await startHarness({});
  t.after(() => h.close());
  const hash = await h.repo.commit(manifests(1));
  await h.repo.sync();
  await waitFor('the first result', async () => ((await getStatus(h.url)).latest?.check?.revision?.hash === hash ? true : undefined));
  const runs = h.stats.runs;
  const recorded = (await getStatus(h.url)).recent.length;

  for (let i = 0; i < 5; i++) {
    const response = await fetch(`${h.url}/-/sync`, { method: 'POST', headers: { 'Gitsync-Hash': hash } });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /already checked/);
  }
  await sleep(300);
  assert.equal(h.stats.runs, runs, 'no run for a commit already checked');
  assert.equal((await getStatus(h.url)).recent.length, recorded);

  const bad = await fetch(`${h.url}/-/sync`, { method: 'POST', headers: { 'Gitsync-Hash': 'not-a-hash' } });
  assert.equal(bad.status, 400);
  assert.equal((await fetch(`${h.url}/-/sync`)).status, 405);

  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let i = 0; i < 20; i++) {
    const response = await fetch(`${h.url}/-/sync`, { method: 'POST', headers: { 'Gitsync-Hash': i.toString(16).padStart(40, 'f') } });
    statuses.push(response.status);
    if (response.status === 429) retryAfter = response.headers.get('retry-after');
    await response.arrayBuffer();
  }
  const accepted = statuses.filter((status) => status === 200).length;
  assert.ok(accepted >= 1 && accepted <= 4, `a burst of at most 3 (plus a refill) is accepted: ${statuses.join(' ')}`);
  assert.ok(statuses.slice(accepted).every((status) => status === 429));
  assert.match(retryAfter ?? '', /^[1-9]\d*$/);
  // Runs coalesce: however many were accepted, at most a run and its follow-up.
  await waitFor('the runner to be idle', async () => (h.scheduler.status().state === 'idle' ? true : undefined));
  assert.ok(h.stats.runs - runs <= 2, `runs after the flood: ${h.stats.runs - runs}`);
});

test('--watch runs when git-sync swaps the link, without the webhook', async (t) => {
  const h = await startHarness({ watch: true });
  t.after(() => h.close());
  h.repo.webhookUrl = undefined;
  for (const n of [1, 2]) {
    const hash = await h.repo.commit(manifests(n));
    await h.repo.sync();
    await waitFor(`a result for commit ${n}`, async () => ((await getStatus(h.url)).latest?.check?.revision?.hash === hash ? true : undefined));
  }
});

test('--watch asks again when rate-limited, so the last commit is still checked soon', async (t) => {
  // One run, then one per 2 s: the syncs after the first are limited (unless the machine is very slow).
  const h = await startHarness({ watch: true }, { burst: 1, refillMs: 2000 });
  t.after(() => h.close());
  h.repo.webhookUrl = undefined;
  let last = '';
  for (const n of [1, 2, 3]) {
    last = await h.repo.commit(manifests(n));
    await h.repo.sync();
  }
  const check = await waitFor('a result for the last commit', async () => {
    const latest = (await getStatus(h.url)).latest;
    return latest?.check?.revision?.hash === last ? latest.check : undefined;
  });
  assert.deepEqual(new Set(check.objects.map((object) => object.ref.name)), new Set(['commit-3']));
  const limited = /^kubediff_sync_requests_total\{source="watch",result="limited"\} (\d+)$/m.exec(await (await fetch(`${h.url}/metrics`)).text());
  t.diagnostic(`watch notifications limited: ${limited?.[1] ?? 0}`);
});
