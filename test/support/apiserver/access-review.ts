// SelfSubjectAccessReview (`kubectl auth can-i`): answers whether the caller
// may do what the review describes, by the same rules the server enforces.
import type { Identity } from './auth.js';
import type { RequestInfo } from './request-info.js';
import { badRequest } from './status.js';
import { isObject, stringField, type KubeObject } from './types.js';

export type Authorizer = (identity: Identity, info: RequestInfo) => boolean;

export function reviewAccess(body: unknown, identity: Identity, authorize: Authorizer): KubeObject {
  const spec = isObject(body) && isObject(body.spec) ? body.spec : undefined;
  if (!spec) throw badRequest('a SelfSubjectAccessReview needs a spec');
  const resource = isObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const nonResource = isObject(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
  const info: RequestInfo = resource
    ? {
        isResourceRequest: true,
        path: '',
        verb: stringField(resource, 'verb') ?? '',
        group: stringField(resource, 'group') ?? '',
        version: stringField(resource, 'version') ?? '',
        resource: stringField(resource, 'resource') ?? '',
        subresource: stringField(resource, 'subresource') ?? '',
        namespace: stringField(resource, 'namespace') ?? '',
        name: stringField(resource, 'name') ?? '',
      }
    : { isResourceRequest: false, path: stringField(nonResource, 'path') ?? '', verb: stringField(nonResource, 'verb') ?? '', group: '', version: '', resource: '', subresource: '', namespace: '', name: '' };
  const allowed = authorize(identity, info);
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: allowed ? { allowed: true, reason: 'allowed by the emulated API server' } : { allowed: false },
  };
}
