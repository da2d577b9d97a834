// Which proxy, if any, a registry request goes through: HTTPS_PROXY,
// HTTP_PROXY and NO_PROXY (or their lowercase forms) read as Go's
// net/http reads them, which is what containerd, the kubelet and docker do, so
// a sidecar set up for them works unchanged. localhost and loopback addresses
// never go through a proxy. Only http:// proxies are spoken (an https://
// target is tunnelled with CONNECT); a proxy's credentials (user:password in
// its URL) go in Proxy-Authorization and are never shown.
import { isIP } from 'node:net';

export interface ProxySetting {
  readonly http?: URL;
  readonly https?: URL;
  readonly noProxy: readonly NoProxyRule[];
}

type NoProxyRule =
  | { readonly kind: 'all' }
  | { readonly kind: 'ip'; readonly ip: string; readonly port: string }
  | { readonly kind: 'cidr'; readonly network: bigint; readonly bits: number; readonly family: 4 | 6 }
  | { readonly kind: 'domain'; readonly suffix: string; readonly matchBare: boolean; readonly port: string };

export interface ProxyFromEnv {
  readonly setting: ProxySetting;
  readonly notices: readonly string[];
}

export function proxyFromEnv(env: NodeJS.ProcessEnv): ProxyFromEnv {
  const notices: string[] = [];
  const read = (name: string): URL | undefined => {
    const value = (env[name.toUpperCase()] ?? env[name.toLowerCase()] ?? '').trim();
    if (value === '') return undefined;
    const url = parseProxyUrl(value);
    if (typeof url === 'string') notices.push(`images: ${name.toUpperCase()} is not used: ${url}`);
    return typeof url === 'string' ? undefined : url;
  };
  const http = read('http_proxy');
  const https = read('https_proxy');
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').flatMap((entry) => parseNoProxy(entry.trim().toLowerCase()));
  return { setting: { ...(http ? { http } : {}), ...(https ? { https } : {}), noProxy }, notices };
}

/** The proxy for this URL, or undefined for a direct connection. */
export function proxyFor(setting: ProxySetting, url: URL): URL | undefined {
  const proxy = url.protocol === 'https:' ? setting.https : setting.http;
  if (!proxy) return undefined;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost' || isLoopback(host)) return undefined;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return setting.noProxy.some((rule) => matches(rule, host, port)) ? undefined : proxy;
}

/** What a message may say about a proxy: its host, never its credentials. */
export function describeProxy(proxy: URL): string {
  return proxy.host;
}

/** The Proxy-Authorization header for a proxy URL with user:password. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (proxy.username === '' && proxy.password === '') return undefined;
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}

function parseProxyUrl(value: string): URL | string {
  // Go takes "proxy:3128" as http://proxy:3128.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return 'it is not a URL';
  }
  if (url.protocol !== 'http:') return `only http:// proxies are supported, not ${url.protocol}//`;
  if (url.hostname === '') return 'it names no host';
  return url;
}

function parseNoProxy(entry: string): NoProxyRule[] {
  if (entry === '') return [];
  if (entry === '*') return [{ kind: 'all' }];
  const cidr = parseCidr(entry);
  if (cidr) return [cidr];
  const { host, port } = splitHostPort(entry);
  if (isIP(host)) return [{ kind: 'ip', ip: normalizeIp(host), port }];
  // "example.com" covers it and its subdomains; ".example.com" and "*.example.com" only the subdomains.
  const bare = host.replace(/^\*/, '');
  return [{ kind: 'domain', suffix: bare.startsWith('.') ? bare : `.${bare}`, matchBare: !bare.startsWith('.'), port }];
}

function matches(rule: NoProxyRule, host: string, port: string): boolean {
  switch (rule.kind) {
    case 'all':
      return true;
    case 'ip':
      return isIP(host) !== 0 && normalizeIp(host) === rule.ip && (rule.port === '' || rule.port === port);
    case 'cidr': {
      const address = ipToBigInt(host);
      if (!address || address.family !== rule.family) return false;
      const width = rule.family === 4 ? 32 : 128;
      return address.value >> BigInt(width - rule.bits) === rule.network >> BigInt(width - rule.bits);
    }
    case 'domain':
      return (host.endsWith(rule.suffix) || (rule.matchBare && host === rule.suffix.slice(1))) && (rule.port === '' || rule.port === port);
  }
}

function splitHostPort(entry: string): { host: string; port: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1] as string, port: bracketed[2] ?? '' };
  const colon = entry.lastIndexOf(':');
  // A bare IPv6 address has several colons and no port.
  if (colon > 0 && entry.indexOf(':') === colon && /^\d+$/.test(entry.slice(colon + 1))) return { host: entry.slice(0, colon), port: entry.slice(colon + 1) };
  return { host: entry, port: '' };
}

function parseCidr(entry: string): NoProxyRule | undefined {
  const slash = entry.indexOf('/');
  if (slash < 0) return undefined;
  const address = ipToBigInt(entry.slice(0, slash));
  const bits = Number(entry.slice(slash + 1));
  if (!address || !Number.isInteger(bits) || bits < 0 || bits > (address.family === 4 ? 32 : 128)) return undefined;
  return { kind: 'cidr', network: address.value, bits, family: address.family };
}

function isLoopback(host: string): boolean {
  const address = ipToBigInt(host);
  if (!address) return false;
  if (address.family === 6) return address.value === 1n || (address.value >> 32n === 0xffffn && address.value >> 24n === 0xffff7fn);
  return address.value >> 24n === 127n;
}

function normalizeIp(ip: string): string {
  const address = ipToBigInt(ip);
  return address ? `${address.family}:${address.value}` : ip;
}

function ipToBigInt(text: string): { family: 4 | 6; value: bigint } | undefined {
  const family = isIP(text);
  if (family === 4) return { family: 4, value: text.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n) };
  if (family !== 6) return undefined;
  const embedded = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  const v4 = embedded ? ipToBigInt(embedded[2] as string) : undefined;
  const head = embedded ? `${embedded[1] as string}0:0` : text;
  const [left = '', right] = head.split('::');
  const l = left === '' ? [] : left.split(':');
  const r = right === undefined ? [] : right === '' ? [] : right.split(':');
  const groups = right === undefined ? l : [...l, ...Array<string>(8 - l.length - r.length).fill('0'), ...r];
  let value = groups.reduce((n, group) => (n << 16n) | BigInt(parseInt(group || '0', 16)), 0n);
  if (v4) value = (value & ~0xffffffffn) | v4.value;
  return { family: 6, value };
}
