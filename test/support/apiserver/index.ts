/**
 * An emulated Kubernetes API server (reports v1.31 by default) for tests, the demo and
 * manual use; real kubectl and @kubernetes/client-node cannot tell it from a small cluster.
 *
 *   const server = await startApiServer({ tls: true });      // or {} for plain HTTP
 *   server.url; server.kubeconfigPath;                       // kubeconfig in a temp dir (removed by close)
 *   await server.writeKubeconfig(file, { token: 'wrong' });  // another kubeconfig (e.g. a bad token)
 *   server.apply(obj);                                       // create or update by the API rules (defaults, uid, ...)
 *   server.seedObjects(objs); await server.seedFiles([dir]); // store objects exactly as given
 *   server.getObject('apps/v1', 'Deployment', 'web', 'default'); server.listObjects('v1', 'ConfigMap', 'ns');
 *   server.deleteObject('v1', 'ConfigMap', 'x', 'ns');       // like DELETE (finalizers, Terminating namespaces)
 *   server.requestLog.count({ verb: 'list', resource: 'deployments', code: 200 }); server.requestLog.counts();
 *   server.faults.failNext({ status: 503, count: 2, resource: 'deployments' }); // also 500, 429 (+retryAfterSeconds)
 *   server.faults.failNext({ drop: true, path: '/apis' }); server.faults.failNext({ hang: true, verb: 'get' });
 *   server.faults.forbid({ resource: 'secrets' }); server.faults.forbid({ namespace: 'kube-system' });
 *   server.faults.forbid({ path: '/openapi/v3' }); server.faults.failNext({ status: 404, path: '/openapi/v3', count: 9 });
 *   server.faults.latencyMs = 50; server.faults.expireContinueTokens(); server.faults.clear();
 *   server.controllers.images.set('example.com/app:2.0', 'crash-loop'); // also not-ready, pull-error
 *   server.controllers.volumes = 'pending';                 // or 'wait-for-consumer' (a WaitForFirstConsumer class)
 *   server.controllers.loadBalancers = 'pending'; server.controllers.metrics = false;
 *   server.controllers.resync();                             // controllers run again at now(): deadlines, restarts
 *   await server.close();
 *
 *   generateObjects({ count: 10_000, kinds: ['ConfigMap', 'Deployment'], namespaces: 20 }); // manifests, deterministic
 *   server.apply(withLastApplied(manifest));                 // as `kubectl apply -f` leaves it
 *
 * Served: discovery (plain and aggregated), /openapi/v3 (the real 1.33 documents for built-in group-versions,
 * documents built from CRD schemas as kube-apiserver builds them; custom resources are pruned and defaulted
 * by their structural schema, ?fieldValidation= Strict/Warn/Ignore) and v2, get/list/watch/create/update/patch
 * (merge, JSON, strategic, server-side apply)/delete/deletecollection, status and scale
 * subresources, dryRun, label/field selectors, limit/continue, Tables for kubectl get, CRDs.
 * Plain HTTP needs no token (kubectl sends none over HTTP); HTTPS requires the bearer token
 * (`server.token`, random unless given) except on /version and health paths. With
 * `authorization: 'RBAC'` and `users: [serviceAccountUser(ns, name, token)]`, requests are
 * authorized by the stored RBAC objects, and `kubectl auth can-i` answers the same way.
 * Controllers write statuses as kube-controller-manager and the kubelet would (controllers/);
 * `controllers: { pods: true }` also creates the ReplicaSets and Pods of workloads.
 * `minorVersion` picks what /version reports, so which kubectl /usr/bin/kubectl runs (1.27 to
 * 1.33 proven); 1.32+ send protobuf for imperative `kubectl create`, which this server does not read.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Faults } from './faults.js';
import { ADMIN_USER, identityOf, type Identity, type TokenUser } from './auth.js';
import { createRequestHandler, type HandlerOptions } from './http-handler.js';
import { renderKubeconfig } from './kubeconfig.js';
import { ResourceRegistry } from './registry.js';
import { RequestLog } from './request-log.js';
import { ensureNamespace, loadObjectFiles, seedObjects, typeOfObject } from './seed.js';
import type { ServerState } from './state.js';
import { ObjectStore } from './store.js';
import { createTlsMaterial } from './tls.js';
import { stringField, type KubeObject } from './types.js';
import { createObject, deleteObject, updateObject } from './writes.js';
import { Controllers, type ControllerOptions } from './controllers/index.js';
import { asServed } from './reads.js';
import { cloneJson } from './json.js';
import { OpenApiV3 } from './openapi.js';

export type { KubeObject } from './types.js';
export type { FaultRule, Forbidden, RequestMatch } from './faults.js';
export type { LoggedRequest, RequestFilter } from './request-log.js';
export { Faults } from './faults.js';
export { RequestLog } from './request-log.js';
export { loadObjectFiles } from './seed.js';
export { serviceAccountUser, type TokenUser } from './auth.js';
export { generateObjects, type GeneratedKind, type GenerateOptions } from './generate.js';
export { withLastApplied, LAST_APPLIED } from './last-applied.js';
export { canonicalQuantity } from './quantity.js';
export type { ControllerOptions, ImageBehaviour, LoadBalancerMode, VolumeMode } from './controllers/index.js';
export type { Controllers } from './controllers/index.js';

export interface ApiServerOptions {
  /** Serve HTTPS with a fresh self-signed CA (in the kubeconfig) and require a bearer token. */
  tls?: boolean;
  /** The admin's bearer token (user kubernetes-admin, group system:masters); default: random with tls, none over plain HTTP. */
  token?: string;
  /** More identities by token, e.g. `serviceAccountUser('kubediff', 'kubediff', 'sa-token')`. */
  users?: TokenUser[];
  /** `RBAC` authorizes every request by the stored Roles, ClusterRoles and bindings (default `AlwaysAllow`). */
  authorization?: 'AlwaysAllow' | 'RBAC';
  /** Kubernetes minor version reported on /version (default 31). */
  minorVersion?: number;
  /** Objects to store as they are (see seedObjects). */
  seed?: KubeObject[];
  /** Port to listen on (default 0: a free one). */
  port?: number;
  host?: string;
  /** Namespaces that exist from the start (default: default, kube-system, kube-public, kube-node-lease). */
  namespaces?: string[];
  /** The clock for timestamps (default: the system clock). */
  now?: () => Date;
  /** How long a deleted namespace stays Terminating before it and its objects are gone (default 100 ms). */
  namespaceDeletionDelayMs?: number;
  /** Continue tokens older than this get 410 Expired, as after etcd compaction (default: they never expire by age). */
  continueTokenTtlMs?: number;
  /** How the controllers behave (images, volumes, load balancers, metrics, pods as objects). */
  controllers?: ControllerOptions;
  /** Run the controllers again this often (default: only on writes and resync()), for tests in real time. */
  controllerResyncMs?: number;
}

export interface WriteKubeconfigOptions {
  token?: string;
  namespace?: string;
  contextName?: string;
}

export interface ApiServer {
  readonly url: string;
  readonly tls: boolean;
  readonly token: string | undefined;
  readonly caCertPem: string | undefined;
  /** A kubeconfig for this server (default namespace `default`), in a temp folder removed by close(). */
  readonly kubeconfigPath: string;
  readonly requestLog: RequestLog;
  readonly faults: Faults;
  /** What kube-controller-manager and the kubelet write back; tests steer them (see the top of this file). */
  readonly controllers: Controllers;
  writeKubeconfig(file: string, options?: WriteKubeconfigOptions): Promise<void>;
  /**
   * Creates or updates an object the way a PUT/POST would (defaults, uid, generation, ...); creates its namespace if missing.
   * `manager`: the field manager recorded in managedFields (default `kubediff-test`), e.g. `kubectl-edit` for a hand edit;
   * `subresource`: recorded as written through it (`scale`: what `kubectl scale` and autoscalers do).
   */
  apply(obj: KubeObject, options?: { manager?: string; subresource?: 'scale' }): KubeObject;
  /** Stores objects exactly as given (only missing uid/resourceVersion/creationTimestamp are added); CRDs first; creates missing namespaces. */
  seedObjects(objects: KubeObject[]): void;
  /** Seeds every .yaml/.yml/.json file under the given files and folders; returns how many objects. */
  seedFiles(paths: string[]): Promise<number>;
  getObject(apiVersion: string, kind: string, name: string, namespace?: string): KubeObject | undefined;
  listObjects(apiVersion: string, kind: string, namespace?: string): KubeObject[];
  deleteObject(apiVersion: string, kind: string, name: string, namespace?: string): boolean;
  close(): Promise<void>;
}

const DEFAULT_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const dir = await mkdtemp(join(tmpdir(), 'kubediff-apiserver-'));
  const timers = new Set<NodeJS.Timeout>();
  const state: ServerState = {
    registry: new ResourceRegistry(),
    store: new ObjectStore(),
    now: options.now ?? (() => new Date()),
    continueEpoch: 0,
    continueTokenTtlMs: options.continueTokenTtlMs,
    nextClusterIp: 1,
    namespaceDeletionDelayMs: options.namespaceDeletionDelayMs ?? 100,
    later(work, delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        work();
      }, delayMs);
      timers.add(timer);
    },
    // Read only once the server runs, after the line below.
    get controllers(): Controllers {
      return controllers;
    },
  };
  const controllers = new Controllers(state, options.controllers);
  for (const namespace of options.namespaces ?? DEFAULT_NAMESPACES) ensureNamespace(state, namespace);
  if (options.seed) seedObjects(state, options.seed);

  const tls = options.tls === true;
  const token = options.token ?? (tls ? randomBytes(16).toString('hex') : undefined);
  const material = tls ? await createTlsMaterial(dir) : undefined;
  const requestLog = new RequestLog();
  const faults = new Faults(() => { state.continueEpoch++; });
  const closing = new AbortController();
  const minorVersion = options.minorVersion ?? 31;
  // The address is known once listening; the handler reads it per request.
  const tokens = new Map<string, Identity>((options.users ?? []).map((u) => [u.token, identityOf(u)]));
  if (token !== undefined) tokens.set(token, { user: ADMIN_USER, groups: ['system:masters', 'system:authenticated'] });
  const handlerOptions: HandlerOptions = {
    state, minorVersion, address: '', openapi: new OpenApiV3(state.registry), log: requestLog, faults, tokens, requireToken: tls, authorization: options.authorization ?? 'AlwaysAllow', closing: closing.signal,
  };
  const handler = createRequestHandler(handlerOptions);
  const server: Server = material ? createHttpsServer({ cert: material.certPem, key: material.keyPem }, handler) : createHttpServer(handler);
  // Longer than clients' idle timeouts (undici keeps idle sockets 4 s, Go's transport 90 s), so
  // a client never reuses a connection the server is closing at that moment (ECONNRESET).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  handlerOptions.address = `${host}:${port}`;
  const url = `${tls ? 'https' : 'http'}://${host}:${port}`;

  const writeKubeconfig = async (file: string, kubeconfig: WriteKubeconfigOptions = {}): Promise<void> => {
    const text = renderKubeconfig({ server: url, caCertPem: material?.caCertPem, token: kubeconfig.token ?? token, namespace: kubeconfig.namespace, contextName: kubeconfig.contextName });
    await writeFile(file, text, { mode: 0o600 });
  };
  const kubeconfigPath = join(dir, 'kubeconfig');
  await writeKubeconfig(kubeconfigPath);
  if (options.controllerResyncMs !== undefined) {
    const resync = setInterval(() => controllers.resync(), options.controllerResyncMs);
    resync.unref();
    closing.signal.addEventListener('abort', () => clearInterval(resync));
  }

  const lookup = (apiVersion: string, kind: string): ReturnType<typeof typeOfObject> => typeOfObject(state, { apiVersion, kind });
  const storageKey = (apiVersion: string, kind: string): string => ResourceRegistry.storageKey(lookup(apiVersion, kind));

  return {
    url,
    tls,
    token,
    caCertPem: material?.caCertPem,
    kubeconfigPath,
    requestLog,
    faults,
    controllers,
    writeKubeconfig,
    apply(obj, options = {}) {
      const type = typeOfObject(state, obj);
      const name = stringField(obj.metadata, 'name') ?? '';
      const namespace = type.namespaced ? (stringField(obj.metadata, 'namespace') ?? 'default') : '';
      ensureNamespace(state, namespace);
      const existing = name ? state.store.get(ResourceRegistry.storageKey(type), namespace, name) : undefined;
      const write = options.manager === undefined ? {} : { manager: options.manager };
      return existing ? updateObject(state, type, namespace, name, obj, options.subresource ?? '', write) : createObject(state, type, obj, namespace || undefined, write);
    },
    seedObjects: (objects) => seedObjects(state, objects),
    async seedFiles(paths) {
      const objects = await loadObjectFiles(paths);
      seedObjects(state, objects);
      return objects.length;
    },
    getObject(apiVersion, kind, name, namespace = 'default') {
      const type = lookup(apiVersion, kind);
      const obj = state.store.get(storageKey(apiVersion, kind), type.namespaced ? namespace : '', name);
      // A copy, as a GET returns: changing it and writing it back is an update the server sees.
      return obj ? cloneJson(asServed(type, obj)) : undefined;
    },
    listObjects(apiVersion, kind, namespace) {
      const type = lookup(apiVersion, kind);
      return state.store.list(storageKey(apiVersion, kind), type.namespaced ? namespace : undefined).map((obj) => asServed(type, obj));
    },
    deleteObject(apiVersion, kind, name, namespace = 'default') {
      const type = lookup(apiVersion, kind);
      if (!state.store.get(storageKey(apiVersion, kind), type.namespaced ? namespace : '', name)) return false;
      deleteObject(state, type, namespace, name);
      return true;
    },
    async close() {
      closing.abort();
      for (const timer of timers) clearTimeout(timer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections?.();
      await closed;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
