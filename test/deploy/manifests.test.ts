// k8s/: every file parses, the kustomization lists them all, the Deployment
// runs both containers under the restricted security context with probes and
// resources, its arguments are what prom-run, kubediff and git-sync expect,
// and the RBAC only reads.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { parseKubediffArgs } from '../../src/kubediff/config.js';
import { parseRunnerArgs } from '../../src/runner/config.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const k8s = join(repo, 'k8s');

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- manifests are free-form YAML

function load(file: string): Obj[] {
  return parseAllDocuments(readFileSync(join(k8s, file), 'utf8')).map((document) => {
    assert.deepEqual(document.errors, [], `${file} parses`);
    return document.toJS() as Obj;
  }).filter((object) => object !== null);
}

const kustomization = load('kustomization.yaml')[0] as Obj;
const objects = (kustomization.resources as string[]).flatMap(load);
const find = (kind: string, name?: string): Obj => {
  const found = objects.find((object) => object.kind === kind && (name === undefined || object.metadata?.name === name));
  assert.ok(found, `a ${kind}${name === undefined ? '' : ` ${name}`} in k8s/`);
  return found;
};
const deployment = find('Deployment', 'kubediff');
const pod = deployment.spec.template.spec as Obj;
const container = (name: string): Obj => {
  const found = (pod.containers as Obj[]).find((candidate) => candidate.name === name);
  assert.ok(found, `container ${name}`);
  return found;
};
/** git-sync's `--flag=value` arguments as a map. */
const gitSyncFlags = new Map((container('git-sync').args as string[]).map((arg) => {
  const [flag = '', ...value] = arg.split('=');
  return [flag, value.join('=')] as const;
}));

describe('k8s manifests', () => {
  test('every YAML file parses into objects with apiVersion, kind and name, and the kustomization lists them all', () => {
    const files = readdirSync(k8s).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml').sort();
    assert.deepEqual([...(kustomization.resources as string[])].sort(), files);
    for (const object of objects) {
      assert.ok(object.apiVersion && object.kind && object.metadata?.name, `${JSON.stringify(object).slice(0, 80)} is a Kubernetes object`);
    }
    assert.deepEqual(
      objects.map((object) => object.kind).sort(),
      ['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Namespace', 'PrometheusRule', 'Service', 'ServiceAccount', 'ServiceMonitor'],
    );
  });

  test('everything lands in the kubediff namespace', () => {
    assert.equal(kustomization.namespace, 'kubediff');
    assert.equal(find('Namespace').metadata.name, 'kubediff');
    assert.equal(find('ClusterRoleBinding').subjects[0].namespace, 'kubediff');
  });

  test('git-sync v4 (pinned) and kubediff share the checkout volume at the same path', () => {
    assert.deepEqual((pod.containers as Obj[]).map((candidate) => candidate.name), ['git-sync', 'kubediff']);
    assert.match(container('git-sync').image, /^registry\.k8s\.io\/git-sync\/git-sync:v4\.\d+\.\d+$/);
    const volume = (pod.volumes as Obj[]).find((candidate) => candidate.emptyDir !== undefined && candidate.name === 'git');
    assert.ok(volume, 'an emptyDir named git');
    const mount = (name: string): Obj | undefined => (container(name).volumeMounts as Obj[]).find((candidate) => candidate.name === 'git');
    assert.equal(mount('git-sync')?.mountPath, gitSyncFlags.get('--root'));
    // Same path in both containers: kubediff's arguments name git-sync's --root and --link.
    assert.equal(mount('kubediff')?.mountPath, gitSyncFlags.get('--root'));
    assert.equal(mount('kubediff')?.readOnly, true, 'kubediff only reads the checkout');
  });

  test('git-sync has a placeholder repository, a ref, a period, and calls kubediff\'s webhook', () => {
    for (const flag of ['--repo', '--ref', '--root', '--link', '--period', '--webhook-url']) assert.ok(gitSyncFlags.get(flag), `git-sync ${flag}`);
    assert.match(gitSyncFlags.get('--repo') ?? '', /^https:\/\/github\.com\/example\//);
    const runner = parseRunnerArgs(container('kubediff').args as string[]);
    assert.equal(runner.action, 'run');
    if (runner.action !== 'run') return;
    const webhook = new URL(gitSyncFlags.get('--webhook-url') ?? '');
    assert.equal(webhook.hostname, 'localhost', 'the containers share the pod network');
    assert.equal(Number(webhook.port), runner.config.listenPort);
    assert.equal(webhook.pathname, '/-/sync');
  });

  test('kubediff runs the built-in checker on the manifests under git-sync\'s link', () => {
    const runner = parseRunnerArgs(container('kubediff').args as string[]);
    assert.equal(runner.action, 'run');
    if (runner.action !== 'run') return;
    assert.equal(runner.config.periodMs, 60_000);
    assert.equal(runner.config.command[0], 'kubediff');
    const checker = parseKubediffArgs(runner.config.command.slice(1));
    const link = posix.join(gitSyncFlags.get('--root') ?? '', gitSyncFlags.get('--link') ?? '');
    assert.ok(checker.paths.length > 0);
    for (const path of checker.paths) assert.ok(path.startsWith(`${link}/`), `${path} is under git-sync's link ${link}`);
  });

  test('kubediff exposes the metrics port, probed on /healthz and /readyz', () => {
    const kubediff = container('kubediff');
    const runner = parseRunnerArgs(kubediff.args as string[]);
    assert.equal(runner.action === 'run' && runner.config.listenPort, 9152);
    assert.deepEqual(kubediff.ports, [{ name: 'metrics', containerPort: 9152, protocol: 'TCP' }]);
    assert.deepEqual(kubediff.livenessProbe.httpGet, { path: '/healthz', port: 'metrics' });
    assert.deepEqual(kubediff.readinessProbe.httpGet, { path: '/readyz', port: 'metrics' });
  });

  test('both containers have resource requests and limits', () => {
    for (const candidate of pod.containers as Obj[]) {
      for (const kind of ['requests', 'limits']) {
        assert.ok(candidate.resources?.[kind]?.cpu && candidate.resources?.[kind]?.memory, `${candidate.name} ${kind} cpu and memory`);
      }
    }
  });

  test('both containers run under the restricted security context, on a read-only root with a writable /tmp', () => {
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
    for (const candidate of pod.containers as Obj[]) {
      const context = candidate.securityContext as Obj;
      assert.equal(context.runAsNonRoot, true, `${candidate.name} runAsNonRoot`);
      assert.ok(Number.isInteger(context.runAsUser) && context.runAsUser > 0, `${candidate.name} runs as a numeric non-root user`);
      assert.equal(context.readOnlyRootFilesystem, true, `${candidate.name} readOnlyRootFilesystem`);
      assert.equal(context.allowPrivilegeEscalation, false, `${candidate.name} allowPrivilegeEscalation`);
      assert.deepEqual(context.capabilities, { drop: ['ALL'] }, `${candidate.name} drops all capabilities`);
      assert.equal(context.seccompProfile.type, 'RuntimeDefault', `${candidate.name} seccomp`);
      const tmp = (candidate.volumeMounts as Obj[]).find((mount) => mount.mountPath === '/tmp');
      assert.ok((pod.volumes as Obj[]).some((volume) => volume.name === tmp?.name && volume.emptyDir !== undefined), `${candidate.name} has an emptyDir /tmp`);
    }
  });

  test('users: git-sync writes as 65533, kubediff reads as the image\'s user, through fsGroup 65533', () => {
    assert.equal(container('git-sync').securityContext.runAsUser, 65533);
    assert.equal(pod.securityContext.fsGroup, 65533);
    const dockerfileUser = /^USER (\d+):(\d+)$/m.exec(readFileSync(join(repo, 'Dockerfile'), 'utf8'));
    assert.equal(container('kubediff').securityContext.runAsUser, Number(dockerfileUser?.[1]));
    assert.equal(container('kubediff').securityContext.runAsGroup, Number(dockerfileUser?.[2]));
  });

  test('private repositories: credentials come from an optional Secret', () => {
    const env = container('git-sync').env as Obj[];
    for (const name of ['GITSYNC_USERNAME', 'GITSYNC_PASSWORD']) {
      const ref = env.find((variable) => variable.name === name)?.valueFrom?.secretKeyRef;
      assert.equal(ref?.optional, true, `${name} from an optional Secret key`);
    }
    const secretVolume = (pod.volumes as Obj[]).find((volume) => volume.secret !== undefined);
    assert.equal(secretVolume?.secret.optional, true);
    assert.ok((container('git-sync').volumeMounts as Obj[]).some((mount) => mount.name === secretVolume?.name && mount.mountPath === '/etc/git-secret'));
    assert.equal((container('kubediff').volumeMounts as Obj[]).some((mount) => mount.name === secretVolume?.name), false, 'kubediff never sees the git credentials');
  });

  test('RBAC: the ClusterRole only reads, and is bound to the Deployment\'s ServiceAccount', () => {
    const role = find('ClusterRole');
    for (const rule of role.rules as Obj[]) {
      for (const verb of rule.verbs as string[]) assert.ok(['get', 'list', 'watch'].includes(verb), `verb ${verb} is read-only`);
    }
    assert.equal((role.rules as Obj[]).some((rule) => rule.nonResourceURLs !== undefined), false);
    const binding = find('ClusterRoleBinding');
    assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: pod.serviceAccountName, namespace: 'kubediff' }]);
    assert.equal(find('ServiceAccount').metadata.name, pod.serviceAccountName);
  });

  test('the Service and ServiceMonitor scrape the metrics port as job="kubediff"', () => {
    const service = find('Service');
    const podLabels = deployment.spec.template.metadata.labels as Record<string, string>;
    for (const [key, value] of Object.entries(service.spec.selector as Record<string, string>)) assert.equal(podLabels[key], value);
    assert.deepEqual(service.spec.ports, [{ name: 'metrics', port: 9152, targetPort: 'metrics', protocol: 'TCP' }]);
    const monitor = find('ServiceMonitor');
    assert.equal(monitor.apiVersion, 'monitoring.coreos.com/v1');
    for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels as Record<string, string>)) assert.equal(service.metadata.labels[key], value);
    assert.deepEqual(monitor.spec.endpoints.map((endpoint: Obj) => endpoint.port), ['metrics']);
    // The operator sets job to the value of the Service label named by jobLabel: the alerts select job="kubediff".
    assert.equal(service.metadata.labels[monitor.spec.jobLabel], 'kubediff');
  });

  test('the kustomization sets the kubediff container\'s image', () => {
    const images = kustomization.images as Obj[];
    assert.deepEqual(images.map((image) => image.name), [container('kubediff').image]);
  });
});
