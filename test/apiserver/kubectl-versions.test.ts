// /usr/bin/kubectl runs the kubectl that matches the server's minor version:
// the oldest and newest it has (1.27, 1.33) and one between apply, update and read.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startApiServer } from '../support/apiserver/index.js';
import { createKubectl } from './kubectl.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('kubectl versions', { timeout: 120_000 }, () => {
  for (const minor of [27, 30, 33]) {
    test(`kubectl 1.${minor}: apply, apply an update, get`, async () => {
      const server = await startApiServer({ minorVersion: minor });
      const kubectl = await createKubectl(server.kubeconfigPath);
      try {
        const version = await kubectl.run(['version', '-o', 'json']);
        assert.equal(JSON.parse(version.stdout).clientVersion.minor, String(minor), version.stderr);
        for (const file of ['app-v1.yaml', 'app-v2.yaml']) {
          const applied = await kubectl.run(['apply', '-f', fixture(file)]);
          assert.equal(applied.code, 0, applied.stderr);
        }
        const got = await kubectl.run(['get', 'deployment', 'web', '-n', 'shop', '-o', 'json']);
        assert.equal(got.code, 0, got.stderr);
        const containers = JSON.parse(got.stdout).spec.template.spec.containers as Array<{ name: string; image: string }>;
        assert.deepEqual(containers.map((c) => `${c.name}=${c.image}`), ['app=nginx:1.27']);
      } finally {
        await kubectl.cleanup();
        await server.close();
      }
    });
  }
});
