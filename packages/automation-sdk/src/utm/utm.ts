import { z } from 'zod';

const PLACEHOLDER = /\{(channel|workflow|step|variant|template)\}/g;

const Pattern = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((value) => !/[{}]/.test(value.replace(PLACEHOLDER, '')), 'unknown placeholder or stray brace');

/**
 * A tenant's UTM standard: how each utm_* parameter is built for every link of every message. Values are
 * text with placeholders `{channel}` (email, sms, …), `{workflow}` (the workflow key), `{step}` (the send
 * node id), `{variant}` (the split arm(s) the run took, joined with `.`) and `{template}`. A bracketed
 * segment such as `[-{variant}]` is dropped when a placeholder in it is empty.
 * @example UtmStandard.parse({ source: 'newsletter' }) // the other parameters keep their defaults
 */
export const UtmStandard = z
  .object({
    /** @default 'cartwire' */
    source: Pattern.default('cartwire'),
    /** @default '{channel}' */
    medium: Pattern.default('{channel}'),
    /** @default '{workflow}' */
    campaign: Pattern.default('{workflow}'),
    /** @default '{step}[-{variant}]' */
    content: Pattern.default('{step}[-{variant}]'),
    /**
     * Replace utm_* parameters a link already has. Off by default: a link the author tagged by hand keeps
     * its tags.
     * @default false
     */
    overwrite: z.boolean().default(false),
    /** Hosts (exact, or `.example.com` for subdomains) whose links are left untouched. @default [] */
    excludeHosts: z.array(z.string().trim().toLowerCase().min(1)).default([]),
  })
  .strict()
  .describe('How utm_* parameters are set on every http(s) link of every message.');
export type UtmStandard = z.infer<typeof UtmStandard>;
export type UtmStandardInput = z.input<typeof UtmStandard>;

export const DEFAULT_UTM_STANDARD: UtmStandard = UtmStandard.parse({});

/** Where a message comes from, as the UTM standard's placeholders see it. */
export interface UtmOrigin {
  channel: string;
  workflowKey: string;
  stepId: string;
  /** Split arms the run took, by split node id (joined with `.` in node order of the record). */
  variants?: Record<string, string>;
  template?: string;
}

export interface UtmParams {
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
  utm_content: string;
}

function expand(pattern: string, values: Record<string, string>): string {
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
  const withOptional = pattern.replace(/\[([^\]]*)\]/g, (_, inner: string) => {
    const names = [...inner.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
    return names.some((name) => !values[name]) ? '' : fill(inner);
  });
  return fill(withOptional);
}

/** The utm_* values for one message under a standard. */
export function utmParamsFor(origin: UtmOrigin, standard: UtmStandard = DEFAULT_UTM_STANDARD): UtmParams {
  const values: Record<string, string> = {
    channel: origin.channel,
    workflow: origin.workflowKey,
    step: origin.stepId,
    variant: Object.values(origin.variants ?? {}).join('.'),
    template: origin.template ?? '',
  };
  return {
    utm_source: expand(standard.source, values),
    utm_medium: expand(standard.medium, values),
    utm_campaign: expand(standard.campaign, values),
    utm_content: expand(standard.content, values),
  };
}

export interface TagOptions {
  /** @default DEFAULT_UTM_STANDARD's overwrite/excludeHosts */
  standard?: Pick<UtmStandard, 'overwrite' | 'excludeHosts'>;
  /** Unsubscribe (and other) URLs that must stay exactly as they are. */
  skipUrls?: readonly string[];
}

const UNSUBSCRIBE = /unsubscribe|opt[-_]?out/i;

function hostOf(url: string): string | null {
  const match = /^https?:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url);
  return match?.[1] ? match[1].toLowerCase() : null;
}

function excluded(host: string, excludeHosts: readonly string[]): boolean {
  return excludeHosts.some((rule) =>
    rule.startsWith('.') ? host === rule.slice(1) || host.endsWith(rule) : host === rule,
  );
}

function queryKeys(query: string): Set<string> {
  const keys = new Set<string>();
  for (const part of query.split('&')) {
    if (!part) continue;
    const name = part.split('=')[0] ?? '';
    try {
      keys.add(decodeURIComponent(name.replace(/\+/g, ' ')).toLowerCase());
    } catch {
      keys.add(name.toLowerCase());
    }
  }
  return keys;
}

/**
 * Adds the utm_* parameters to one URL. Only absolute http(s) URLs change; mailto:, tel:, relative and
 * unsubscribe/opt-out links, `skipUrls` and excluded hosts stay as they are. Existing query parameters
 * (in their order and encoding) and the fragment are kept; existing utm_* values win unless `overwrite`.
 * @example tagUrl('https://shop.example/cart?x=1#top', params) // https://shop.example/cart?x=1&utm_source=…#top
 */
export function tagUrl(url: string, params: UtmParams, options: TagOptions = {}): string {
  const standard = options.standard ?? DEFAULT_UTM_STANDARD;
  const host = hostOf(url);
  if (host === null || host === '') return url;
  if (excluded(host, standard.excludeHosts)) return url;
  if (options.skipUrls?.some((skip) => skip === url)) return url;
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : url.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  let query = queryAt === -1 ? '' : beforeHash.slice(queryAt + 1);
  if (UNSUBSCRIBE.test(base) || UNSUBSCRIBE.test(query)) return url;
  const entries = Object.entries(params).filter(([, value]) => value !== '');
  if (standard.overwrite) {
    const names = new Set(entries.map(([name]) => name));
    query = query
      .split('&')
      .filter((part) => part !== '' && !names.has((part.split('=')[0] ?? '').toLowerCase()))
      .join('&');
  }
  const present = queryKeys(query);
  const added = entries
    .filter(([name]) => !present.has(name))
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  if (added.length === 0) return url;
  const joined = query === '' ? added.join('&') : `${query}&${added.join('&')}`;
  // A URL with no path gets one, so the query does not end up in the host ("https://a.example?x").
  const withPath = /^https?:\/\/[^/?#]*$/i.test(base) ? `${base}/` : base;
  return `${withPath}?${joined}${fragment}`;
}

function decodeAttribute(value: string): string {
  return value
    .replace(/&amp;/gi, '&')
    .replace(/&#0*38;/g, '&')
    .replace(/&#x0*26;/gi, '&')
    .replace(/&quot;/gi, '"')
    .replace(/&#0*39;/g, "'");
}

function encodeAttribute(value: string, quote: string): string {
  const amp = value.replace(/&/g, '&amp;');
  return quote === "'" ? amp.replace(/'/g, '&#39;') : amp.replace(/"/g, '&quot;');
}

const HREF_TAG = /<(a|area)\b[^>]*>/gi;
const HREF_ATTRIBUTE = /(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

/**
 * Rewrites every `href` of `<a>` and `<area>` elements with `rewrite` (entity-encoded values are decoded
 * before and re-encoded after): the one place that finds links in HTML, for UTM tagging and click tracking.
 */
export function rewriteHtmlLinks(html: string, rewrite: (url: string) => string): string {
  return html.replace(HREF_TAG, (tag) =>
    tag.replace(HREF_ATTRIBUTE, (whole, prefix: string, dq?: string, sq?: string, bare?: string) => {
      const raw = dq ?? sq ?? bare ?? '';
      const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '"';
      const decoded = decodeAttribute(raw);
      const rewritten = rewrite(decoded);
      if (rewritten === decoded) return whole;
      return `${prefix}${quote}${encodeAttribute(rewritten, quote)}${quote}`;
    }),
  );
}

/** Tags every `href` of `<a>` and `<area>` elements (entity-encoded values are decoded, tagged, re-encoded). */
export function tagHtmlLinks(html: string, params: UtmParams, options: TagOptions = {}): string {
  return rewriteHtmlLinks(html, (url) => tagUrl(url, params, options));
}

const TEXT_URL = /https?:\/\/[^\s<>"'`]+/gi;

/**
 * Tags every http(s) URL in plain text. Trailing sentence punctuation and an unbalanced closing bracket
 * are not part of the URL ("see https://shop.example/a)." keeps ")." outside).
 */
export function tagTextLinks(text: string, params: UtmParams, options: TagOptions = {}): string {
  return rewriteTextLinks(text, (url) => tagUrl(url, params, options));
}

/** Rewrites every http(s) URL in plain text with `rewrite`, leaving trailing punctuation outside the URL. */
export function rewriteTextLinks(text: string, rewrite: (url: string) => string): string {
  return text.replace(TEXT_URL, (match) => {
    let url = match;
    let tail = '';
    const count = (char: string) => url.split(char).length - 1;
    const trailing = () => {
      const last = url.at(-1) ?? '';
      if (/[.,;:!?]/.test(last)) return true;
      if (last === ')') return count(')') > count('(');
      if (last === ']') return count(']') > count('[');
      return false;
    };
    while (trailing()) {
      tail = url.slice(-1) + tail;
      url = url.slice(0, -1);
    }
    return rewrite(url) + tail;
  });
}

/** What a tagged link says about the message it came from. */
export interface UtmReading {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  content: string | null;
  term: string | null;
  /** `utm_campaign` under the default standard. */
  workflowKey: string | null;
  /** The step id: the longest of `stepIds` that `utm_content` starts with, else all of `utm_content`. */
  stepId: string | null;
  /** What follows the step id and a `-` in `utm_content`. */
  variant: string | null;
}

/**
 * Reads the utm_* parameters back from a landing URL (for attribution). Step ids may contain `-`, so pass
 * the workflow's node ids to split `utm_content` into step and variant unambiguously.
 * @example readUtm(landingUrl, { stepIds: ['reminder', 'second-reminder'] })
 */
export function readUtm(url: string, options: { stepIds?: readonly string[] } = {}): UtmReading | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const get = (name: string) => parsed.searchParams.get(name);
  const reading: UtmReading = {
    source: get('utm_source'),
    medium: get('utm_medium'),
    campaign: get('utm_campaign'),
    content: get('utm_content'),
    term: get('utm_term'),
    workflowKey: get('utm_campaign'),
    stepId: null,
    variant: null,
  };
  if (!reading.source && !reading.medium && !reading.campaign && !reading.content) return null;
  const content = reading.content;
  if (content) {
    const step = [...(options.stepIds ?? [])]
      .sort((a, b) => b.length - a.length)
      .find((id) => content === id || content.startsWith(`${id}-`));
    if (step) {
      reading.stepId = step;
      reading.variant = content.length > step.length ? content.slice(step.length + 1) : null;
    } else {
      reading.stepId = content;
    }
  }
  return reading;
}
