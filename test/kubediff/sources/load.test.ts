import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { loadSources } from '../../../src/kubediff/sources/index.js';

function configMap(name: string, namespace?: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}data:\n  enabled: yes\n`;
}

describe('loadSources', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kubediff-manifests-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function tree(name: string, files: Record<string, string>): Promise<string> {
    const dir = join(root, name);
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    return dir;
  }

  test('walks directories recursively, reads .yaml/.yml/.json, skips dotfiles, .git and other files', async () => {
    const dir = await tree('walk', {
      'a.yaml': configMap('a'),
      'sub/b.yml': configMap('b'),
      'sub/deeper/c.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }),
      'sub/README.md': 'not a manifest',
      '.hidden.yaml': configMap('hidden'),
      '.git/config.yaml': configMap('git'),
      '.github/workflow.yaml': configMap('github'),
    });
    const set = await loadSources([dir]);
    assert.deepEqual(set.errors, []);
    assert.deepEqual(set.objects.map((o) => o.name), ['a', 'b', 'c']);
    assert.equal(set.files, 3);
    assert.deepEqual(set.objects[1]?.source, { file: join(dir, 'sub/b.yml'), document: 0, line: 1 });
    assert.deepEqual(set.objects[0]?.object.data, { enabled: true });
  });

  test('reads a file given explicitly whatever its extension', async () => {
    const dir = await tree('explicit', { 'manifest.txt': configMap('txt') });
    const set = await loadSources([join(dir, 'manifest.txt')]);
    assert.deepEqual(set.objects.map((o) => o.name), ['txt']);
  });

  test('follows symlinks without looping and reads each real file once', async () => {
    const dir = await tree('links', { 'real/a.yaml': configMap('a') });
    await symlink(join(dir, 'real'), join(dir, 'real', 'loop'));
    await symlink(join(dir, 'real'), join(dir, 'alias'));
    await symlink(join(dir, 'real', 'a.yaml'), join(dir, 'a-link.yaml'));
    await symlink(join(dir, 'nowhere.yaml'), join(dir, 'dangling.yaml'));
    await symlink(join(dir, 'self.yaml'), join(dir, 'self.yaml'));
    const set = await loadSources([dir, join(dir, 'real', 'a.yaml')]);
    assert.deepEqual(set.errors, []);
    assert.deepEqual(set.objects.map((o) => o.name), ['a']);
    assert.deepEqual(set.notices, [
      `skipped ${join(dir, 'dangling.yaml')}: a symbolic link to nothing (no such file or directory)`,
      `skipped ${join(dir, 'self.yaml')}: a symbolic link to nothing (too many levels of symbolic links)`,
    ]);
  });

  test('follows a symlinked root, as git-sync publishes its checkout', async () => {
    const dir = await tree('root-link', { 'worktrees/abc123/app.yaml': configMap('app') });
    await symlink(join(dir, 'worktrees', 'abc123'), join(dir, 'repo'));
    const set = await loadSources([join(dir, 'repo')]);
    assert.deepEqual(set.objects.map((o) => [o.name, o.source.file]), [['app', join(dir, 'repo', 'app.yaml')]]);
  });

  test('expands multi-document files and Lists, skipping empty documents', async () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: svc}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: in-list}\n';
    const dir = await tree('multi', { 'all.yaml': `${configMap('first', 'ns1')}---\n---\n${list}---\n# trailing comment\n` });
    const set = await loadSources([dir]);
    assert.deepEqual(set.errors, []);
    assert.deepEqual(set.objects.map((o) => [o.kind, o.name, o.namespace, o.source.document, o.source.line]), [
      ['ConfigMap', 'first', 'ns1', 0, 1],
      ['Service', 'svc', undefined, 2, 13],
      ['ConfigMap', 'in-list', undefined, 2, 16],
    ]);
  });

  test('a broken document is an error naming file and document; the other documents and files are loaded', async () => {
    const dir = await tree('broken', {
      'a.yaml': `${configMap('before')}---\nkind: [oops\n---\n${configMap('after')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n`,
      'b.yaml': configMap('other-file'),
    });
    const set = await loadSources([dir]);
    assert.deepEqual(set.objects.map((o) => o.name), ['before', 'after', 'other-file']);
    assert.deepEqual(set.errors.map((e) => [e.kind, e.file, e.document]), [
      ['manifest', join(dir, 'a.yaml'), 1],
      ['manifest', join(dir, 'a.yaml'), 3],
    ]);
    assert.match(set.errors[1]?.message ?? '', /missing metadata\.name/);
  });

  test('a folder holding a kustomization is built with kubectl kustomize, never read file by file', async () => {
    const dir = await tree('kustomize', {
      'kustomization.yaml': 'resources:\n- app.yaml\nnamePrefix: built-\n',
      'app.yaml': configMap('app'),
      'unused.yaml': configMap('unused'),
    });
    const set = await loadSources([dir]);
    assert.deepEqual(set.errors, []);
    assert.deepEqual(set.objects.map((o) => [o.name, o.source]), [
      ['built-app', { file: dir, document: 0, build: { tool: 'kustomize', command: `kubectl kustomize ${dir}`, origin: join(dir, 'app.yaml') } }],
    ]);
    assert.deepEqual(set.objects[0]?.object.metadata, { name: 'built-app' }, 'the origin annotation kubediff asked for is gone');
    assert.deepEqual(set.notices, [`built the kustomization with kubectl kustomize: ${dir}`]);
  });

  test('a Kustomization document in a plain file is skipped with a notice saying how to build it', async () => {
    const dir = await tree('kustomization-document', { 'k.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n' });
    const set = await loadSources([join(dir, 'k.yaml')]);
    assert.deepEqual([set.objects, set.errors], [[], []]);
    assert.match(set.notices[0] ?? '', /a Kustomization is not an object \(name its folder to have it built with kustomize\)/);
  });

  test('a path that does not exist is an error, and the other paths are still loaded', async () => {
    const dir = await tree('missing', { 'a.yaml': configMap('a') });
    const set = await loadSources([join(dir, 'nope'), dir]);
    assert.deepEqual(set.objects.map((o) => o.name), ['a']);
    assert.deepEqual(set.errors.map((e) => [e.kind, e.file]), [['manifest', join(dir, 'nope')]]);
    assert.match(set.errors[0]?.message ?? '', /no such file or directory/);
  });

  test('a file over the size limit is refused as an error', async () => {
    const dir = await tree('big', { 'big.yaml': configMap('big') });
    const set = await loadSources([join(dir, 'big.yaml')], { maxBytes: 20 });
    assert.deepEqual(set.objects, []);
    assert.match(set.errors[0]?.message ?? '', /larger than 20 bytes/);
  });

  test('an aborted load stops with the abort reason', async () => {
    const dir = await tree('abort', { 'a.yaml': configMap('a') });
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    await assert.rejects(loadSources([dir], { signal: controller.signal }), /shutting down/);
  });
});

describe('loadSources with what is not a regular file', () => {
  let root: string;
  let server: Server | undefined;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kubediff-manifests-special-'));
  });
  after(async () => {
    server?.close();
    await rm(root, { recursive: true, force: true });
  });

  test('a FIFO, a socket and symlinks to devices in a folder are skipped with a notice; the other files are checked', { timeout: 30_000 }, async () => {
    await writeFile(join(root, 'app.yaml'), configMap('app'));
    execFileSync('mkfifo', [join(root, 'x.yaml')]);
    await symlink('/dev/zero', join(root, 'zero.yaml'));
    await symlink('/dev/urandom', join(root, 'urandom.yml'));
    server = createServer();
    await new Promise<void>((resolve) => server?.listen(join(root, 'sock.yaml'), resolve));
    const set = await loadSources([root]);
    assert.deepEqual(set.errors, []);
    assert.deepEqual(set.objects.map((o) => o.name), ['app']);
    assert.deepEqual(set.notices.map((notice) => notice.replace(/ \(only regular files.*$/, '')), [
      `skipped ${join(root, 'sock.yaml')}: a socket, not a regular file`,
      `skipped ${join(root, 'urandom.yml')}: a character device, not a regular file`,
      `skipped ${join(root, 'x.yaml')}: a FIFO (named pipe), not a regular file`,
      `skipped ${join(root, 'zero.yaml')}: a character device, not a regular file`,
    ]);
  });

  test('named explicitly, a FIFO is read as a stream and a device is bounded while reading', { timeout: 30_000 }, async () => {
    const fifo = join(root, 'stream.yaml');
    execFileSync('mkfifo', [fifo]);
    const loading = loadSources([fifo, '/dev/zero'], { maxBytes: 1 << 20 });
    createWriteStream(fifo).end(configMap('from-fifo'));
    const set = await loading;
    assert.deepEqual(set.objects.map((o) => [o.name, o.source.file]), [['from-fifo', fifo]]);
    assert.deepEqual(set.errors.map((e) => [e.file, e.message]), [['/dev/zero', '/dev/zero is larger than 1 MiB, the most that is read from one file or stream']]);
  });

  test('- reads standard input; without one it is an error', async () => {
    const stdin = new PassThrough();
    stdin.end(`${configMap('piped')}---\n${configMap('second')}`);
    const set = await loadSources(['-'], { stdin: () => stdin });
    assert.deepEqual(set.objects.map((o) => [o.name, o.source.file, o.source.document]), [['piped', '-', 0], ['second', '-', 1]]);
    const without = await loadSources(['-']);
    assert.match(without.errors[0]?.message ?? '', /cannot read standard input/);
  });

  test('a UTF-16 manifest with a byte order mark is read; without one, the error says what to do', async () => {
    await writeFile(join(root, 'utf16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(configMap('wide'), 'utf16le')]));
    await writeFile(join(root, 'nobom.yaml'), Buffer.from(configMap('nobom'), 'utf16le'));
    const set = await loadSources([join(root, 'utf16.yaml'), join(root, 'nobom.yaml')]);
    assert.deepEqual(set.objects.map((o) => [o.name, o.object.data]), [['wide', { enabled: true }]]);
    assert.deepEqual(set.errors.map((e) => e.file), [join(root, 'nobom.yaml')]);
    assert.match(set.errors[0]?.message ?? '', /nobom\.yaml looks like UTF-16 text without a byte order mark/);
    assert.doesNotMatch(set.errors[0]?.message ?? '', /null byte/);
  });
});
