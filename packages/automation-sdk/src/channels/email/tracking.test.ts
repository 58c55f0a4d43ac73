import { describe, expect, it } from 'vitest';
import { signTrackingToken, trackEmail, verifyTrackingToken } from './tracking';

const SECRET = 'tracking-secret-for-tests';
const BASE = 'https://cartwire.acme.example';
const message = { tenantId: 'ten_a', messageId: 'msg_1' };

const clickTokenIn = (html: string, n = 0) =>
  [...html.matchAll(/https:\/\/cartwire\.acme\.example\/t\/c\/([^"'\s<]+)/g)].map((m) => m[1] as string)[n] ??
  '';

describe('tracking tokens', () => {
  it('round-trips a click with its target, and an open without one', () => {
    const url = 'https://shop.example/cart?x=1&utm_source=cartwire#top';
    const click = signTrackingToken(SECRET, { kind: 'click', ...message, url });
    expect(verifyTrackingToken(SECRET, 'click', click)).toEqual({ kind: 'click', ...message, url });
    const open = signTrackingToken(SECRET, { kind: 'open', ...message, url: null });
    expect(verifyTrackingToken(SECRET, 'open', open)).toEqual({ kind: 'open', ...message, url: null });
  });

  it('refuses forged, altered, other-kind and other-secret tokens', () => {
    const click = signTrackingToken(SECRET, { kind: 'click', ...message, url: 'https://shop.example/' });
    const [body, mac] = click.split('.') as [string, string];
    // Another target under the same signature: the MAC covers the payload.
    const evil = Buffer.from(JSON.stringify({ t: 'ten_a', m: 'msg_1', u: 'https://evil.example/' })).toString(
      'base64url',
    );
    expect(verifyTrackingToken(SECRET, 'click', `${evil}.${mac}`)).toBeNull();
    expect(verifyTrackingToken(SECRET, 'click', `${body}.${mac.slice(0, -1)}A`)).toBeNull();
    expect(verifyTrackingToken('another-secret', 'click', click)).toBeNull();
    // An open token is no click token (and the reverse): the kind is signed.
    expect(verifyTrackingToken(SECRET, 'open', click)).toBeNull();
    expect(verifyTrackingToken(SECRET, 'click', '')).toBeNull();
    expect(verifyTrackingToken(SECRET, 'click', 'a.b.c')).toBeNull();
    expect(verifyTrackingToken(SECRET, 'click', 'x'.repeat(9000))).toBeNull();
  });

  it('never yields a non-http target, even correctly signed', () => {
    const token = signTrackingToken(SECRET, { kind: 'click', ...message, url: 'javascript:alert(1)' });
    expect(verifyTrackingToken(SECRET, 'click', token)).toBeNull();
  });
});

describe('trackEmail', () => {
  const html =
    '<html><body><p>Hi</p><a href="https://shop.example/new?utm_source=cartwire&amp;utm_medium=email">New</a>' +
    '<a href="mailto:help@shop.example">Help</a><a href="https://shop.example/unsubscribe/tok">Stop</a></body></html>';

  it('turns http(s) links into signed redirects to the same URL and adds an open pixel before </body>', () => {
    const tracked = trackEmail(
      { html, text: null },
      { baseUrl: `${BASE}/`, secret: SECRET },
      {
        ...message,
        skipUrls: ['https://shop.example/unsubscribe/tok'],
      },
    );
    const token = clickTokenIn(tracked.html ?? '');
    expect(verifyTrackingToken(SECRET, 'click', token)?.url).toBe(
      'https://shop.example/new?utm_source=cartwire&utm_medium=email',
    );
    expect(tracked.html).toContain('href="mailto:help@shop.example"');
    expect(tracked.html).toContain('href="https://shop.example/unsubscribe/tok"');
    const pixel = /<img src="https:\/\/cartwire\.acme\.example\/t\/o\/([^"]+)\.gif"[^>]*><\/body>/.exec(
      tracked.html ?? '',
    );
    expect(verifyTrackingToken(SECRET, 'open', pixel?.[1] ?? '')).toMatchObject(message);
  });

  it('rewrites links in the text part, keeping trailing punctuation outside', () => {
    const tracked = trackEmail(
      { html: null, text: 'See https://shop.example/a. Bye' },
      { baseUrl: BASE, secret: SECRET },
      message,
    );
    expect(tracked.html).toBeNull();
    const [, token] = /\/t\/c\/(\S+)\. Bye$/.exec(tracked.text ?? '') ?? [];
    expect(verifyTrackingToken(SECRET, 'click', token ?? '')?.url).toBe('https://shop.example/a');
  });
});
