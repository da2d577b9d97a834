// Reads a request path the way the API server's RequestInfoFactory does:
// /api/v1/namespaces/{ns}/{resource}/{name}/{subresource} and /apis/{group}/{version}/...
export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection; non-resource requests use the lower-case HTTP method. */
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = { isResourceRequest: false, path, verb: method.toLowerCase(), group: '', version: '', resource: '', subresource: '', namespace: '', name: '' };
  let parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  if (parts[0] === 'api') {
    if (parts.length < 3) return info;
    info.version = parts[1] ?? '';
    parts = parts.slice(2);
  } else if (parts[0] === 'apis') {
    if (parts.length < 4) return info;
    info.group = parts[1] ?? '';
    info.version = parts[2] ?? '';
    parts = parts.slice(3);
  } else {
    return info;
  }
  info.isResourceRequest = true;
  let watchPrefix = false;
  if (parts[0] === 'watch') {
    watchPrefix = true;
    parts = parts.slice(1);
  }
  if (parts[0] === 'namespaces' && parts.length > 1) {
    info.namespace = parts[1] ?? '';
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2] ?? '')) parts = parts.slice(2);
  }
  info.resource = parts[0] ?? '';
  info.name = parts[1] ?? '';
  info.subresource = parts[2] ?? '';
  if (parts.length > 3) info.isResourceRequest = false;

  switch (method) {
    case 'GET':
    case 'HEAD':
      info.verb = info.name ? 'get' : watchPrefix || isTrue(query.get('watch')) ? 'watch' : 'list';
      break;
    case 'POST':
      info.verb = 'create';
      break;
    case 'PUT':
      info.verb = 'update';
      break;
    case 'PATCH':
      info.verb = 'patch';
      break;
    case 'DELETE':
      info.verb = info.name ? 'delete' : 'deletecollection';
      break;
    default:
      info.verb = method.toLowerCase();
  }
  return info;
}

function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1';
}
