// Server-side printing helpers: ages as kubectl shows them, Tables by kind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanDuration, toTable, wantsTable } from '../support/apiserver/tables.js';
import { builtinResourceTypes } from '../support/apiserver/resources.js';

test('ages read like Go duration.HumanDuration', () => {
  const s = 1000;
  const cases: Array<[number, string]> = [
    [0, '0s'], [59 * s, '59s'], [119 * s, '119s'], [150 * s, '2m30s'], [300 * s, '5m'], [45 * 60 * s, '45m'],
    [3 * 3600 * s + 60 * s, '3h1m'], [20 * 3600 * s, '20h'], [3 * 86400 * s + 3600 * s, '3d1h'], [30 * 86400 * s, '30d'], [800 * 86400 * s, '2y70d'],
  ];
  for (const [ms, text] of cases) assert.equal(humanDuration(ms), text, String(ms));
});

test('kubectl get asks for a Table; other clients do not', () => {
  assert.ok(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'));
  assert.ok(!wantsTable('application/json'));
  assert.ok(!wantsTable(undefined));
});

test('a Table row has the kind columns and the object metadata', () => {
  const type = builtinResourceTypes().find((t) => t.kind === 'Secret');
  assert.ok(type);
  const now = new Date('2026-01-01T00:10:00Z');
  const table = toTable(type, [{ metadata: { name: 's', creationTimestamp: '2026-01-01T00:00:00Z' }, type: 'Opaque', data: { a: 'YQ==', b: 'Yg==' } }], now);
  assert.deepEqual((table.columnDefinitions as Array<{ name: string }>).map((c) => c.name), ['Name', 'Type', 'Data', 'Age']);
  assert.deepEqual((table.rows as Array<{ cells: unknown[] }>)[0]?.cells, ['s', 'Opaque', 2, '10m']);
});
