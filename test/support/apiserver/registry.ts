// The resource types served right now: the built-in table plus the kinds that
// CustomResourceDefinitions add (and take away again when they are deleted).
import { builtinResourceTypes } from './resources.js';
import type { ResourceType } from './types.js';

export interface ServedGroup {
  name: string;
  /** Versions in preference order: the first one is the preferred version. */
  versions: string[];
}

export class ResourceRegistry {
  private readonly builtin = builtinResourceTypes();
  private readonly custom = new Map<string /* CRD name */, ResourceType[]>();

  all(): ResourceType[] {
    return [...this.builtin, ...[...this.custom.values()].flat()];
  }

  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.version === version && t.resource === resource);
  }

  /** Any served version of a group's resource (storage is version independent). */
  findAnyVersion(group: string, resource: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.resource === resource);
  }

  findKind(group: string, version: string, kind: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.version === version && t.kind === kind);
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all().filter((t) => t.group === group && t.version === version);
  }

  /** The API groups (not the core group) with their versions, as `/apis` lists them. */
  groups(): ServedGroup[] {
    const groups = new Map<string, string[]>();
    for (const type of this.all()) {
      if (type.group === '') continue;
      const versions = groups.get(type.group) ?? [];
      if (!versions.includes(type.version)) versions.push(type.version);
      groups.set(type.group, versions);
    }
    return [...groups].map(([name, versions]) => ({ name, versions }));
  }

  setCustom(crdName: string, types: ResourceType[]): void {
    this.custom.set(crdName, types);
  }

  removeCustom(crdName: string): ResourceType[] {
    const types = this.custom.get(crdName) ?? [];
    this.custom.delete(crdName);
    return types;
  }

  /** Storage is keyed by group and resource, so every version of a kind sees the same objects. */
  static storageKey(type: Pick<ResourceType, 'group' | 'resource'>): string {
    return `${type.group}/${type.resource}`;
  }
}
