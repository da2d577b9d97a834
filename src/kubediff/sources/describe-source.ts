// Where an object came from, in words, the same in every output: a file with
// its document and line, or a built source with the document of its output
// and, for kustomize, the file that declared the object. Documents count from 1.
import type { SourceLocation } from '../result.js';

/**
 * `k8s/app.yaml, document 2, line 14`;
 * `ldap/overlays/prod (kustomize build), document 3, from ldap/base/deployment.yaml`;
 * `charts/web (render: helm template web .), document 1`; `- (standard input), document 2, line 9`.
 */
export function describeSource(source: SourceLocation): string {
  const { file, document, line, build } = source;
  const where = line === undefined ? '' : `, line ${line}`;
  if (build === undefined) return `${file === '-' ? '- (standard input)' : file}, document ${document + 1}${where}`;
  const how = build.tool === 'kustomize' ? 'kustomize build' : `render: ${build.command}`;
  return `${file} (${how}), document ${document + 1}${build.origin === undefined ? '' : `, from ${build.origin}`}`;
}
