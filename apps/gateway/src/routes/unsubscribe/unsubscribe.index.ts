import type { UnsubscribeSubject } from '@cartwire/automation-sdk';
import type { AppEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { ProblemError } from '../../http/problem';

export const UNSUBSCRIBE_PATH = '/unsubscribe';

/** Tokens are a base64url payload and an HMAC; anything longer is not one of ours. */
const MAX_TOKEN_LENGTH = 2048;

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
}

/**
 * Hosted unsubscribe links for workflow email (point the tenant's `unsubscribeUrl` at
 * `https://<gateway>/unsubscribe/{token}`). `POST` is the RFC 8058 one-click unsubscribe mail clients
 * send; `GET` (a person following the link, or a mail scanner prefetching it) only shows a confirm
 * button, so a prefetch never unsubscribes anyone. Tokens are HMAC-signed; a forged or altered one is 404.
 */
export function createUnsubscribeRouter(unsubscribe: (token: string) => Promise<UnsubscribeSubject | null>) {
  const router = createRouter<AppEnv>();
  const tokenOf = (raw: string) => {
    if (raw.length === 0 || raw.length > MAX_TOKEN_LENGTH) {
      throw new ProblemError('not_found', { detail: 'This unsubscribe link is not valid.' });
    }
    return raw;
  };
  router.get(`${UNSUBSCRIBE_PATH}/:token`, (c) => {
    tokenOf(c.req.param('token'));
    return c.body(
      page(
        'Unsubscribe',
        '<p>Stop receiving these messages?</p><form method="post"><button type="submit">Unsubscribe</button></form>',
      ),
      200,
      PAGE_HEADERS,
    );
  });
  router.post(`${UNSUBSCRIBE_PATH}/:token`, async (c) => {
    const subject = await unsubscribe(tokenOf(c.req.param('token')));
    if (!subject) throw new ProblemError('not_found', { detail: 'This unsubscribe link is not valid.' });
    return c.body(
      page('Unsubscribed', `<p>You will not receive these ${subject.channel} messages any more.</p>`),
      200,
      PAGE_HEADERS,
    );
  });
  return router;
}
