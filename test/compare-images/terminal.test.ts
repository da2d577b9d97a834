// compare-images prints image names and tags from git, and errors naming
// files, to a terminal: a control character in any of them is shown as an
// escape, never raw, so an image cannot clear the screen or forge a row, and
// a file name cannot forge an error line. The json output is weaveworks'
// exact format, which escapes them already.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { runCompareImages } from '../../src/compare-images/run.js';
import { makeTempDir, type TempDir } from '../kubediff/helpers/temp.js';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;

const deployment = (image: string) => JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'c', image }] } } } });

let dir: TempDir;
before(async () => {
  dir = await makeTempDir('kubediff-compare-images-terminal-');
  await dir.write({
    'dev/web.json': deployment('nginx\u001b[2J\u202e:1.27\n\nThe images of a and b have the same tags.'),
    'prod/web.json': deployment('nginx\u001b[2J\u202e:1.26'),
    'prod/bad\u001b[2J\nerror.yaml': 'apiVersion: v1\nkind: [\n',
  });
});
after(() => dir?.remove());

async function run(format: 'table' | 'json'): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCompareImages(
    { source: join(dir.path, 'dev'), target: join(dir.path, 'prod'), format, help: false, version: false },
    { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: {} },
  );
  return { code, stdout, stderr };
}

test('table: image names and tags are escaped, one row each', async () => {
  const { code, stdout, stderr } = await run('table');
  assert.equal(code, 1, stderr);
  assert.ok(!RAW_CONTROL.test(stdout.replaceAll('\n', '')), JSON.stringify(stdout));
  const lines = stdout.trimEnd().split('\n');
  // Header, rule and one row: the forged "same tags" sentence stays inside the row.
  assert.equal(lines.length, 3, stdout);
  assert.ok(lines[2]!.startsWith('nginx\\u001b[2J\\u202e '), stdout);
  assert.ok(lines[2]!.includes('1.27\\u000a\\u000aThe images of a and b'), stdout);
});

test('errors on stderr: a file name with control characters is escaped, one line per error', async () => {
  const { stderr } = await run('table');
  assert.ok(!RAW_CONTROL.test(stderr.replaceAll('\n', '')), JSON.stringify(stderr));
  const lines = stderr.trimEnd().split('\n');
  assert.ok(lines.every((line) => line.startsWith('compare-images: ')), stderr);
  assert.ok(lines.some((line) => line.includes('bad\\u001b[2J\\u000aerror.yaml')), stderr);
});

test('json: already escaped as Python writes it (unchanged)', async () => {
  const { stdout } = await run('json');
  assert.ok(!RAW_CONTROL.test(stdout.replaceAll('\n', '')), JSON.stringify(stdout));
  assert.ok(stdout.startsWith('{"nginx\\u001b[2J\\u202e": ["1.27\\n\\nThe images'), stdout);
});

test('a flag value with control characters is escaped in the error (the real program)', async () => {
  const result = await execa(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../cmd/compare-images.ts', import.meta.url)), '--format', 'x\u001b[2J\n', 'a', 'b'], { reject: false, timeout: 120_000 });
  assert.equal(result.exitCode, 1);
  assert.ok(!RAW_CONTROL.test(result.stderr.replaceAll('\n', '')), JSON.stringify(result.stderr));
  assert.match(result.stderr, /^compare-images: .*x\\u001b\[2J\\u000a/);
});
