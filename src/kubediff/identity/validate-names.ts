// A manifest whose name or namespace the API server would refuse cannot be in
// the cluster: it is a manifest error naming file and document, never a
// request (a namespace `..` would have asked for another path) and never
// "missing".
import type { CheckError, SourceLocation } from '../result.js';
import { NAMESPACE_RULE, nameRuleFor } from './kind-rules.js';
import { nameProblem } from './name-rules.js';
import { quoteName } from './quote.js';

export interface NamedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** The manifest's own metadata.namespace: checked when the kind is known to be namespaced (the server ignores it otherwise). */
  readonly namespace?: string;
  readonly source: SourceLocation;
}

/** The manifest error for an invalid name or namespace, or undefined when the API server would take both. */
export function invalidNameError(object: NamedObject, namespaced: boolean | undefined): CheckError | undefined {
  const problems: string[] = [];
  const nameWrong = nameProblem(object.name, nameRuleFor(object.apiVersion, object.kind));
  if (nameWrong) problems.push(`metadata.name ${quoteName(object.name)} is not a valid ${object.kind} name: it ${nameWrong}`);
  if (namespaced && object.namespace !== undefined) {
    const namespaceWrong = nameProblem(object.namespace, NAMESPACE_RULE);
    if (namespaceWrong) problems.push(`metadata.namespace ${quoteName(object.namespace)} is not a valid namespace name: it ${namespaceWrong}`);
  }
  if (problems.length === 0) return undefined;
  const { file, document, line } = object.source;
  return {
    kind: 'manifest',
    message: `${file}, document ${document + 1}: ${problems.join('; ')}. The API server would refuse this object, so it was not checked: fix it in git`,
    file,
    document,
    ...(line === undefined ? {} : { line }),
  };
}

/** What is wrong with a default namespace (from the kubeconfig context), or undefined. */
export function namespaceProblem(namespace: string): string | undefined {
  return nameProblem(namespace, NAMESPACE_RULE);
}
