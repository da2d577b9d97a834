// The flatness rule fails on growth and passes the collector's noise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flatnessProblem } from './memory.js';

const MB = 1024 * 1024;
const series = (heapMb: number[]) => heapMb.map((mb, i) => ({ run: i + 1, heapUsedBytes: mb * MB, rssBytes: 0 }));

test('a heap that grows run after run is a problem, even by 2 MB a run; one that moves a little around a level is not', () => {
  assert.match(flatnessProblem(series([80, 100, 130, 160, 190, 220, 250, 280, 310])) ?? '', /heap grew: the last runs peaked at 310\.0 MB, the early runs at 160\.0 MB/);
  assert.match(flatnessProblem(series([90, 100, 102, 104, 106, 108, 110, 112, 114])) ?? '', /heap grew/);
  assert.equal(flatnessProblem(series([60, 100, 103, 99, 101, 104, 100, 102, 103])), undefined);
  assert.match(flatnessProblem(series([1, 2])) ?? '', /at least 3/);
});
