// Defaults for pod specs and pod templates (Deployments, StatefulSets, Jobs,
// ...) as the API server's SetDefaults_PodSpec and friends fill them in.
import { canonicalizeQuantityMap } from './quantity.js';
import { isObject, type KubeObject } from './types.js';

function objects(list: unknown): KubeObject[] {
  return Array.isArray(list) ? list.filter(isObject) : [];
}

function defaultProbe(probe: unknown): void {
  if (!isObject(probe)) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  if (isObject(probe.httpGet)) probe.httpGet.scheme ??= 'HTTP';
}

function defaultLifecycleHandler(handler: unknown): void {
  if (isObject(handler) && isObject(handler.httpGet)) handler.httpGet.scheme ??= 'HTTP';
}

/** Always for `:latest` or an untagged image, IfNotPresent otherwise. */
function imagePullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultEnv(env: unknown): void {
  for (const variable of objects(env)) {
    const from = variable.valueFrom;
    if (!isObject(from)) continue;
    if (isObject(from.fieldRef)) from.fieldRef.apiVersion ??= 'v1';
    if (isObject(from.resourceFieldRef)) {
      from.resourceFieldRef.divisor = from.resourceFieldRef.divisor === undefined ? '0' : String(from.resourceFieldRef.divisor);
    }
  }
}

export function defaultContainer(container: KubeObject): void {
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  container.imagePullPolicy ??= imagePullPolicy(container.image);
  if (!isObject(container.resources)) container.resources = {};
  const resources = container.resources as KubeObject;
  canonicalizeQuantityMap(resources.limits);
  canonicalizeQuantityMap(resources.requests);
  for (const port of objects(container.ports)) port.protocol ??= 'TCP';
  defaultEnv(container.env);
  defaultProbe(container.livenessProbe);
  defaultProbe(container.readinessProbe);
  defaultProbe(container.startupProbe);
  if (isObject(container.lifecycle)) {
    defaultLifecycleHandler(container.lifecycle.postStart);
    defaultLifecycleHandler(container.lifecycle.preStop);
  }
}

function defaultVolume(volume: KubeObject): void {
  for (const source of ['configMap', 'secret', 'downwardAPI', 'projected']) {
    const value = volume[source];
    if (isObject(value)) value.defaultMode ??= 420;
  }
  if (isObject(volume.emptyDir) && volume.emptyDir.sizeLimit !== undefined) canonicalizeQuantityMap(volume.emptyDir);
  if (isObject(volume.hostPath)) volume.hostPath.type ??= '';
  if (isObject(volume.downwardAPI)) {
    for (const item of objects(volume.downwardAPI.items)) if (isObject(item.fieldRef)) item.fieldRef.apiVersion ??= 'v1';
  }
  if (isObject(volume.projected)) {
    for (const source of objects(volume.projected.sources)) {
      if (isObject(source.serviceAccountToken)) source.serviceAccountToken.expirationSeconds ??= 3600;
    }
  }
}

export function defaultPodSpec(spec: KubeObject): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  if (spec.serviceAccount !== undefined) spec.serviceAccountName ??= spec.serviceAccount;
  if (spec.serviceAccountName !== undefined) spec.serviceAccount ??= spec.serviceAccountName;
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) objects(spec[list]).forEach(defaultContainer);
  objects(spec.volumes).forEach(defaultVolume);
  if (isObject(spec.overhead)) canonicalizeQuantityMap(spec.overhead);
}

/** Pod templates also get `metadata.creationTimestamp: null`, as 1.31 servers return them. */
export function defaultPodTemplate(template: unknown): void {
  if (!isObject(template)) return;
  const metadata = isObject(template.metadata) ? template.metadata : {};
  template.metadata = { creationTimestamp: null, ...metadata };
  if (!isObject(template.spec)) template.spec = {};
  defaultPodSpec(template.spec as KubeObject);
}
