import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseImageReference, registryApiHost } from '../../../src/kubediff/images/reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

function canonical(image: string): string {
  const parsed = parseImageReference(image);
  assert.ok('reference' in parsed, `${image}: ${'error' in parsed ? parsed.error : ''}`);
  return parsed.reference.canonical;
}

function refused(image: string): string {
  const parsed = parseImageReference(image);
  assert.ok('error' in parsed, `${image} is refused`);
  return parsed.error;
}

describe('parseImageReference', () => {
  test('normalizes as docker and containerd do: docker.io, library/, latest', () => {
    assert.equal(canonical('nginx'), 'docker.io/library/nginx:latest');
    assert.equal(canonical('nginx:1.27'), 'docker.io/library/nginx:1.27');
    assert.equal(canonical('bitnami/redis:7'), 'docker.io/bitnami/redis:7');
    assert.equal(canonical('docker.io/nginx'), 'docker.io/library/nginx:latest');
    assert.equal(canonical('index.docker.io/library/nginx:1'), 'docker.io/library/nginx:1');
    assert.equal(canonical('a/b/c/d:e'), 'docker.io/a/b/c/d:e');
  });

  test('a first part with a dot, a port, localhost or capitals is the registry', () => {
    assert.equal(canonical('ghcr.io/org/app:v1.2.3'), 'ghcr.io/org/app:v1.2.3');
    assert.equal(canonical('localhost/app'), 'localhost/app:latest');
    assert.equal(canonical('localhost:5000/app:dev'), 'localhost:5000/app:dev');
    assert.equal(canonical('registry.example.com:8443/team/app:1'), 'registry.example.com:8443/team/app:1');
    assert.equal(canonical('[::1]:5000/app:1'), '[::1]:5000/app:1');
    const parsed = parseImageReference('Registry/app');
    assert.ok('reference' in parsed && parsed.reference.registry === 'Registry');
  });

  test('digests: alone (no tag added) and with a tag (the digest is what is asked for)', () => {
    const byDigest = parseImageReference(`quay.io/org/app@${DIGEST}`);
    assert.ok('reference' in byDigest);
    assert.equal(byDigest.reference.canonical, `quay.io/org/app@${DIGEST}`);
    assert.equal(byDigest.reference.tag, undefined);
    assert.equal(byDigest.reference.manifestRef, DIGEST);
    const both = parseImageReference(`nginx:1.27@${DIGEST}`);
    assert.ok('reference' in both);
    assert.equal(both.reference.canonical, `docker.io/library/nginx:1.27@${DIGEST}`);
    assert.equal(both.reference.tag, '1.27');
    assert.equal(both.reference.manifestRef, DIGEST);
  });

  test('gives registry, repository and the reference to ask for', () => {
    const parsed = parseImageReference('localhost:5000/team/app:2');
    assert.ok('reference' in parsed);
    assert.deepEqual(parsed.reference, { registry: 'localhost:5000', repository: 'team/app', tag: '2', manifestRef: '2', canonical: 'localhost:5000/team/app:2' });
    assert.equal(registryApiHost('docker.io'), 'registry-1.docker.io');
    assert.equal(registryApiHost('localhost:5000'), 'localhost:5000');
  });

  test('refuses what a kubelet reports as InvalidImageName, saying why', () => {
    assert.match(refused('Nginx'), /must be lowercase/);
    assert.match(refused('ghcr.io/Org/app:1'), /must be lowercase/);
    assert.match(refused(''), /empty/);
    assert.match(refused(' nginx'), /whitespace/);
    assert.match(refused('a'.repeat(64)), /image ID/);
    assert.match(refused('nginx:'), /not a valid image reference/);
    assert.match(refused('nginx:-bad'), /not a valid image reference/);
    assert.match(refused(`nginx:${'t'.repeat(129)}`), /not a valid image reference/);
    assert.match(refused('nginx@sha256:abc'), /not a valid image reference/);
    assert.match(refused(`nginx@sha256:${'A'.repeat(64)}`), /lowercase hexadecimal/);
    assert.match(refused(`nginx@sha256:${'a'.repeat(63)}`), /64 lowercase/);
    assert.match(refused(`nginx@md5:${'a'.repeat(32)}`), /unsupported digest algorithm md5/);
    assert.match(refused('team//app'), /not a valid image reference/);
    assert.match(refused('team/app/'), /not a valid image reference/);
    assert.match(refused('my_registry:5000/app'), /not a valid image reference/);
    assert.match(refused(`registry.example.com/${'a'.repeat(250)}`), /longer than 255/);
  });

  test('separators inside path components follow the grammar', () => {
    assert.equal(canonical('a__b/c.d-e---f:1'), 'docker.io/a__b/c.d-e---f:1');
    assert.match(refused('a___b'), /not a valid image reference/);
    assert.match(refused('-a/b'), /not a valid image reference/);
  });
});
