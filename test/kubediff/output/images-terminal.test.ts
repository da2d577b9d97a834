// --check-images output that reaches a terminal: an image is kept as written
// in git (a bad name included), a registry's message is its own words and a
// container name in git can be anything, so each may hold control
// characters. In the text output they are escaped to one line (a newline must
// not forge a summary line), and in /metrics kubediff_image_availability's
// image label is escaped as the object series are (promtool still accepts it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import type { ImageResult } from '../../../src/kubediff/images/types.js';
import { renderText } from '../../../src/kubediff/output/index.js';
import { createImageMetrics } from '../../../src/metrics/image-metrics.js';
import { makeObject, makeReport } from '../../web/kubediff/report-fixture.js';

const FORGED = 'x\n\nkubediff: 1 objects (1 in sync, 0 drifted, 0 missing, 0 failed); exit 0\n\u001b[2J\u009b\u202e';
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;

function reportWithImage(): ReturnType<typeof makeReport> {
  const object = makeObject('Deployment', 'shop', 'web', 'in-sync');
  const image: ImageResult = {
    image: `nginx${FORGED}`,
    status: 'bad-image-name',
    message: `registry said ${FORGED}`,
    cached: false,
    objects: [{ object: object.ref, container: `app${FORGED}`, field: 'containers', in: ['git'] }],
  };
  return makeReport([object], { images: [image] });
}

test('text output: image, registry message and container name are one escaped line each', () => {
  const text = renderText(reportWithImage());
  const lines = text.split('\n');
  // The forged summary never starts a line: only the real one does.
  assert.equal(lines.filter((line) => line.startsWith('kubediff: ')).length, 1, text);
  assert.ok(!RAW_CONTROL.test(text.replaceAll('\n', '')), JSON.stringify(text));
  const imageLine = lines.find((line) => line.startsWith('bad-image-name: '));
  assert.ok(imageLine?.includes('nginxx\\u000a\\u000akubediff: 1 objects'), text);
  assert.ok(imageLine?.includes('(registry said x\\u000a'), text);
  assert.ok(lines.some((line) => line.startsWith('  used by ') && line.includes('container appx\\u000a\\u000akubediff')), text);
});

test('metrics: the image label of kubediff_image_availability is escaped; promtool accepts the text', async () => {
  const registry = new Registry();
  const metrics = createImageMetrics({ registry, maxImageSeries: 10 });
  metrics.observeReport(reportWithImage());
  const text = await registry.metrics();
  assert.ok(!RAW_CONTROL.test(text), JSON.stringify(text));
  assert.match(text, /kubediff_image_availability\{image="nginxx\\\\u000a\\\\u000akubediff: 1 objects/);
  const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(check.error, undefined);
  assert.equal(check.status, 0, check.stdout + check.stderr);
});
