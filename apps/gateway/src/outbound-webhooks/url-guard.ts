import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** One resolved address of a host name. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (the system resolver by default). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export interface WebhookUrlPolicy {
  /**
   * Accept URLs that resolve to loopback, link-local or private addresses (development and tests).
   * @default false
   */
  readonly allowPrivate: boolean;
  /**
   * Refuse `http:` URLs.
   * @default true (outside NODE_ENV=development/test)
   */
  readonly requireHttps: boolean;
  /** @default the system resolver (dns.lookup, all addresses) */
  readonly resolve?: ResolveHost;
  /**
   * Exact origins (`http://127.0.0.1:41234`: scheme, host and port) accepted although they are plain http
   * on a private address: the gateway's own loopback listeners, such as `npm start`'s sandbox webhook
   * inspector. Only that one listener becomes reachable, while every other loopback port (the database,
   * admin ports, the sandbox's platform emulators) and private range stays refused, which turning
   * `allowPrivate` on would not give.
   * @default none
   */
  readonly trustedOrigins?: readonly string[];
}

/** Why a subscriber URL was refused; `reason` is safe to show to the API caller. */
export type UrlVerdict =
  | { readonly ok: true; readonly url: URL }
  | { readonly ok: false; readonly reason: string };

export const SAFE_URL_POLICY: WebhookUrlPolicy = { allowPrivate: false, requireHttps: true };

// Every range that is not the public internet: an SSRF target (metadata services, the database,
// admin ports on loopback) hides in any of them.
const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['100::', 64],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 address embeds (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const high = Number.parseInt(hex[1], 16);
    const low = Number.parseInt(hex[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}

/** Whether an IP address is on the public internet (not loopback, link-local, private, reserved…). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !blocked.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== null) return !blocked.check(v4, 'ipv4');
    return !blocked.check(address, 'ipv6');
  }
  return false;
}

export const systemResolve: ResolveHost = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

/**
 * The policy that applies to one URL: `policy` itself, or, for one of its `trustedOrigins`, the same
 * policy with private addresses and plain http allowed (that origin only).
 */
export function policyForUrl(url: URL, policy: WebhookUrlPolicy): WebhookUrlPolicy {
  if (!policy.trustedOrigins?.includes(url.origin)) return policy;
  return { ...policy, allowPrivate: true, requireHttps: false };
}

/** The host of a URL as an IP literal (brackets of IPv6 removed), or null for a name. */
function ipLiteral(url: URL): string | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) === 0 ? null : host;
}

/**
 * The addresses a request to `hostname` may connect to, or why none may. Every address must be
 * public unless the policy allows private ones: one private answer is enough to refuse.
 */
export async function resolveAllowed(
  hostname: string,
  policy: WebhookUrlPolicy,
): Promise<{ ok: true; addresses: ResolvedAddress[] } | { ok: false; reason: string }> {
  const literal = isIP(hostname) === 0 ? null : hostname;
  let addresses: ResolvedAddress[];
  if (literal !== null) {
    addresses = [{ address: literal, family: isIP(literal) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(hostname);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return {
        ok: false,
        reason: `${hostname} does not resolve${typeof code === 'string' ? ` (${code})` : ''}`,
      };
    }
    if (addresses.length === 0) return { ok: false, reason: `${hostname} does not resolve` };
  }
  if (!policy.allowPrivate) {
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) {
      return {
        ok: false,
        reason:
          `${hostname} resolves to ${refused.address}, a loopback, link-local or private address ` +
          '(set CARTWIRE_ALLOW_PRIVATE_WEBHOOK_URLS=1 to allow it in development)',
      };
    }
  }
  return { ok: true, addresses };
}

/**
 * Checks a subscriber URL when it is saved: scheme, no credentials, and (after DNS resolution) no
 * private address. Deliveries check the resolved address again on every attempt.
 */
export async function checkWebhookUrl(raw: string, given: WebhookUrlPolicy): Promise<UrlVerdict> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'is not an absolute URL' };
  }
  const policy = policyForUrl(url, given);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'must be an https URL' };
  }
  if (url.protocol === 'http:' && policy.requireHttps) {
    return { ok: false, reason: 'must use https (plain http is accepted only in development)' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'must not carry credentials; verify deliveries with the signing secret' };
  }
  if (url.hash !== '') return { ok: false, reason: 'must not have a #fragment' };
  const host = ipLiteral(url) ?? url.hostname;
  const resolved = await resolveAllowed(host, policy);
  return resolved.ok ? { ok: true, url } : { ok: false, reason: resolved.reason };
}
