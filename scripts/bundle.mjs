// Bundles the programs into one file each (dist/cmd/kubediff.js,
// dist/cmd/prom-run.js, dist/cmd/compare-images.js) with esbuild: one file to
// read and compile instead of some 250 modules to resolve, which halves start-up work and takes about
// 10 MB off each process. Everything is inside except @kubernetes/client-node,
// loaded from node_modules only for the kubeconfigs that need it. Not
// minified: stack traces stay readable.
//
//   node scripts/bundle.mjs [outdir]     (default dist/cmd; `npm run build` runs it)
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const outdir = process.argv[2] ?? join(root, 'dist', 'cmd');

await build({
  entryPoints: ['kubediff', 'prom-run', 'compare-images'].map((program) => join(root, 'cmd', `${program}.ts`)),
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@kubernetes/client-node'],
  // CommonJS dependencies (prom-client, simple-git) call require() for Node's
  // own modules, which an ES module does not have.
  banner: { js: "import { createRequire as kubediffCreateRequire } from 'node:module'; const require = kubediffCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
for (const program of ['kubediff.js', 'prom-run.js', 'compare-images.js']) chmodSync(join(outdir, program), 0o755);
