import { describe, expect, it } from 'vitest';
import {
  DEFAULT_UTM_STANDARD,
  readUtm,
  tagHtmlLinks,
  tagTextLinks,
  tagUrl,
  UtmStandard,
  utmParamsFor,
} from './utm';

const origin = { channel: 'email', workflowKey: 'abandoned-cart', stepId: 'reminder-vip' };
const params = utmParamsFor(origin);
const suffix = 'utm_source=cartwire&utm_medium=email&utm_campaign=abandoned-cart&utm_content=reminder-vip';

describe('utmParamsFor', () => {
  it('fills the default standard from channel, workflow and step', () => {
    expect(params).toEqual({
      utm_source: 'cartwire',
      utm_medium: 'email',
      utm_campaign: 'abandoned-cart',
      utm_content: 'reminder-vip',
    });
  });

  it('appends the split arm to utm_content when the run took one', () => {
    expect(utmParamsFor({ ...origin, stepId: 'offer', variants: { ab: 'b' } }).utm_content).toBe('offer-b');
    expect(
      utmParamsFor({ ...origin, stepId: 'offer', variants: { ab: 'b', tone: 'warm' } }).utm_content,
    ).toBe('offer-b.warm');
  });

  it('expands a tenant standard with placeholders and optional segments', () => {
    const standard = UtmStandard.parse({
      source: 'shop-{channel}',
      campaign: 'wf_{workflow}[_{template}]',
      content: '{step}',
    });
    expect(utmParamsFor({ ...origin, template: 'cart-1' }, standard)).toEqual({
      utm_source: 'shop-email',
      utm_medium: 'email',
      utm_campaign: 'wf_abandoned-cart_cart-1',
      utm_content: 'reminder-vip',
    });
    expect(utmParamsFor(origin, standard).utm_campaign).toBe('wf_abandoned-cart');
  });

  it('refuses unknown placeholders in a standard', () => {
    expect(UtmStandard.safeParse({ source: '{shop}' }).success).toBe(false);
    expect(UtmStandard.safeParse({ nonsense: 1 }).success).toBe(false);
  });
});

describe('tagUrl', () => {
  it('adds the parameters to a URL without a query', () => {
    expect(tagUrl('https://shop.example/cart', params)).toBe(`https://shop.example/cart?${suffix}`);
  });

  it('keeps existing query parameters, their encoding and the fragment', () => {
    expect(tagUrl('https://shop.example/p/x?variant=12&q=a%20b+c#reviews', params)).toBe(
      `https://shop.example/p/x?variant=12&q=a%20b+c&${suffix}#reviews`,
    );
    expect(tagUrl('https://shop.example/?#top', params)).toBe(`https://shop.example/?${suffix}#top`);
  });

  it('gives a host-only URL a path so the query is not read as part of the host', () => {
    expect(tagUrl('https://shop.example', params)).toBe(`https://shop.example/?${suffix}`);
    expect(tagUrl('http://shop.example:8080#x', params)).toBe(`http://shop.example:8080/?${suffix}#x`);
  });

  it('keeps utm_* values a link already has, unless the standard overwrites', () => {
    const url = 'https://shop.example/a?utm_source=instagram&x=1';
    expect(tagUrl(url, params)).toBe(
      'https://shop.example/a?utm_source=instagram&x=1&utm_medium=email&utm_campaign=abandoned-cart&utm_content=reminder-vip',
    );
    expect(tagUrl(url, params, { standard: { overwrite: true, excludeHosts: [] } })).toBe(
      `https://shop.example/a?x=1&${suffix}`,
    );
  });

  it('never touches mailto:, tel:, relative, unsubscribe or skipped links', () => {
    for (const url of [
      'mailto:help@shop.example?subject=Hi',
      'tel:+4930123456',
      '/relative/path',
      '#anchor',
      'https://shop.example/unsubscribe?token=abc',
      'https://shop.example/email/opt-out/abc',
      'https://mail.example/u?action=Unsubscribe&id=1',
    ]) {
      expect(tagUrl(url, params)).toBe(url);
    }
    const skip = 'https://cartwire.example/u/abc';
    expect(tagUrl(skip, params, { skipUrls: [skip] })).toBe(skip);
  });

  it('leaves excluded hosts and their subdomains alone', () => {
    const standard = { overwrite: false, excludeHosts: ['.partner.example', 'cdn.shop.example'] };
    expect(tagUrl('https://partner.example/x', params, { standard })).toBe('https://partner.example/x');
    expect(tagUrl('https://a.partner.example/x', params, { standard })).toBe('https://a.partner.example/x');
    expect(tagUrl('https://cdn.shop.example/i.png', params, { standard })).toBe(
      'https://cdn.shop.example/i.png',
    );
    expect(tagUrl('https://shop.example/x', params, { standard })).toBe(`https://shop.example/x?${suffix}`);
  });

  it('encodes values that need it', () => {
    const tagged = tagUrl('https://shop.example/', { ...params, utm_campaign: 'spring sale & more' });
    expect(new URL(tagged).searchParams.get('utm_campaign')).toBe('spring sale & more');
  });
});

describe('tagHtmlLinks', () => {
  it('tags hrefs of anchors in any quoting, decoding and re-encoding entities', () => {
    const html = [
      '<a href="https://shop.example/p?a=1&amp;b=2#x">One</a>',
      "<a class='btn' href='https://shop.example/cart'>Two</a>",
      '<a href=https://shop.example/bare>Three</a>',
      '<area shape="rect" href="https://shop.example/map">',
    ].join('\n');
    const out = tagHtmlLinks(html, params);
    const amp = suffix.replace(/&/g, '&amp;');
    expect(out).toBe(
      [
        `<a href="https://shop.example/p?a=1&amp;b=2&amp;${amp}#x">One</a>`,
        `<a class='btn' href='https://shop.example/cart?${amp}'>Two</a>`,
        `<a href="https://shop.example/bare?${amp}">Three</a>`,
        `<area shape="rect" href="https://shop.example/map?${amp}">`,
      ].join('\n'),
    );
  });

  it('leaves images, stylesheets, mailto, tel and unsubscribe links untouched', () => {
    const html = [
      '<img src="https://cdn.example/p.png">',
      '<link href="https://fonts.example/css" rel="stylesheet">',
      '<a href="mailto:help@shop.example">Mail</a>',
      '<a href="tel:+4930123">Call</a>',
      '<a href="https://cartwire.example/unsubscribe/t0k3n">Unsubscribe</a>',
      '<p>https://shop.example/in-text is not a link in HTML</p>',
    ].join('');
    expect(tagHtmlLinks(html, params)).toBe(html);
  });
});

describe('tagTextLinks', () => {
  it('tags URLs in plain text and keeps trailing punctuation outside', () => {
    const text =
      'See https://shop.example/cart. Or (https://shop.example/p/x) and https://shop.example/w_(x)!\n' +
      'Reply to mailto:help@shop.example or unsubscribe at https://shop.example/unsubscribe?t=1';
    expect(tagTextLinks(text, params)).toBe(
      `See https://shop.example/cart?${suffix}. Or (https://shop.example/p/x?${suffix}) and ` +
        `https://shop.example/w_(x)?${suffix}!\n` +
        'Reply to mailto:help@shop.example or unsubscribe at https://shop.example/unsubscribe?t=1',
    );
  });
});

describe('readUtm', () => {
  it('reads back what tagging wrote, splitting step and variant with the known step ids', () => {
    const tagged = tagUrl(
      'https://shop.example/cart?x=1#top',
      utmParamsFor({ ...origin, stepId: 'second-reminder', variants: { split: 'b' } }),
    );
    expect(readUtm(tagged, { stepIds: ['second', 'second-reminder'] })).toEqual({
      source: 'cartwire',
      medium: 'email',
      campaign: 'abandoned-cart',
      content: 'second-reminder-b',
      term: null,
      workflowKey: 'abandoned-cart',
      stepId: 'second-reminder',
      variant: 'b',
    });
  });

  it('takes the whole utm_content as the step without step ids, and null for untagged URLs', () => {
    expect(readUtm(tagUrl('https://shop.example/', params))).toMatchObject({
      stepId: 'reminder-vip',
      variant: null,
    });
    expect(readUtm('https://shop.example/?x=1')).toBeNull();
    expect(readUtm('not a url')).toBeNull();
  });

  it('round-trips every default parameter', () => {
    const reading = readUtm(tagUrl('https://shop.example/', params), { stepIds: ['reminder-vip'] });
    expect(reading).toMatchObject({
      source: DEFAULT_UTM_STANDARD.source,
      medium: 'email',
      workflowKey: 'abandoned-cart',
      stepId: 'reminder-vip',
      variant: null,
    });
  });
});
