// Picks the rule for a live object by its API group and kind (any version:
// the fields read are the same in all served versions) and says what it
// finds; objects being deleted are Progressing whatever their kind.
// object-key.js alone: the page and metrics use health's statuses without loading the cluster client.
import { groupOf } from '../cluster/object-key.js';
import { apiServiceHealth, autoscalerHealth, customResourceDefinitionHealth } from './api-objects.js';
import { cronJobHealth, jobHealth } from './batch.js';
import { genericHealth } from './generic.js';
import { podHealth } from './pod.js';
import { stringAt, type Json } from './read.js';
import { persistentVolumeClaimHealth, serviceHealth } from './storage-network.js';
import { progressing, type Verdict } from './verdict.js';
import { daemonSetHealth, deploymentHealth, replicaSetHealth, statefulSetHealth } from './workloads.js';

type Rule = (object: Json) => Verdict;

// Deployments, DaemonSets and ReplicaSets were once served by extensions/v1beta1 too.
const RULES: Readonly<Record<string, Rule>> = {
  'apps/Deployment': deploymentHealth,
  'extensions/Deployment': deploymentHealth,
  'apps/StatefulSet': statefulSetHealth,
  'apps/DaemonSet': daemonSetHealth,
  'extensions/DaemonSet': daemonSetHealth,
  'apps/ReplicaSet': replicaSetHealth,
  'extensions/ReplicaSet': replicaSetHealth,
  'batch/Job': jobHealth,
  'batch/CronJob': cronJobHealth,
  '/Pod': podHealth,
  '/PersistentVolumeClaim': persistentVolumeClaimHealth,
  '/Service': serviceHealth,
  'autoscaling/HorizontalPodAutoscaler': autoscalerHealth,
  'apiregistration.k8s.io/APIService': apiServiceHealth,
  'apiextensions.k8s.io/CustomResourceDefinition': customResourceDefinitionHealth,
};

/** The rule's verdict on a live object (never throws: a malformed status reads as absent fields). */
export function assessLive(apiVersion: string, kind: string, live: Json): Verdict {
  const deleting = stringAt(live, 'metadata', 'deletionTimestamp');
  if (deleting !== undefined) return progressing(`being deleted since ${deleting}`, { progress: 'deleting' });
  const rule = RULES[`${groupOf(apiVersion)}/${kind}`] ?? genericHealth;
  return rule(live);
}
