// The name formats the Kubernetes API server accepts (apimachinery's
// validation): RFC 1123 subdomains and labels, RFC 1035 labels, and the
// minimum every name in a URL path must meet. Each check returns what is
// wrong in words a person can act on, or undefined when the name is valid.

export type NameFormat = 'dns-subdomain' | 'dns-label' | 'dns-1035-label' | 'path-segment';

export const DNS_SUBDOMAIN_MAX = 253;
export const DNS_LABEL_MAX = 63;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface NameRule {
  readonly format: NameFormat;
  /** A limit below the format's own (CronJob: 52, so its Jobs' names fit in a label). */
  readonly maxLength?: number;
  /** CSIDriver names are DNS subdomains in any case. */
  readonly anyCase?: boolean;
}

/** What is wrong with `name` under `rule`, or undefined when the API server would take it. */
export function nameProblem(name: string, rule: NameRule): string | undefined {
  const segment = pathSegmentProblem(name);
  if (segment) return segment;
  const max = Math.min(rule.maxLength ?? Infinity, formatMax(rule.format));
  if (name.length > max) return `must be no more than ${max} characters (it has ${name.length})`;
  const value = rule.anyCase ? name.toLowerCase() : name;
  switch (rule.format) {
    case 'path-segment':
      return undefined;
    case 'dns-label':
      return DNS_LABEL.test(value)
        ? undefined
        : 'must be a lowercase RFC 1123 label: lowercase letters, digits and -, starting and ending with a letter or digit (e.g. my-name)';
    case 'dns-1035-label':
      return DNS_1035_LABEL.test(value)
        ? undefined
        : 'must be an RFC 1035 label: lowercase letters, digits and -, starting with a letter and ending with a letter or digit (e.g. my-name)';
    case 'dns-subdomain':
      return DNS_SUBDOMAIN.test(value)
        ? undefined
        : `must be a lowercase RFC 1123 subdomain: lowercase letters, digits, - and ., starting and ending with a letter or digit (e.g. example.com)`;
  }
}

/** The minimum for any name that becomes a URL path segment: never `.` or `..`, no `/` or `%`. */
export function pathSegmentProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `may not be '${name}'`;
  if (name.includes('/')) return "may not contain '/'";
  if (name.includes('%')) return "may not contain '%'";
  return undefined;
}

function formatMax(format: NameFormat): number {
  switch (format) {
    case 'dns-label':
    case 'dns-1035-label':
      return DNS_LABEL_MAX;
    case 'dns-subdomain':
      return DNS_SUBDOMAIN_MAX;
    case 'path-segment':
      return Infinity;
  }
}
