import { recordInteraction, verifyTrackingToken } from '@cartwire/automation-sdk';
import type { Database } from '@cartwire/storage';
import type { AppEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { ProblemError } from '../../http/problem';
import type { Logger } from '../../logger';

export const TRACKING_PATH = '/t';

/** The smallest transparent GIF (1×1, 43 bytes). */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const NO_STORE = {
  'cache-control': 'no-store, private',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export interface TrackingRouterDeps {
  database: Database;
  /** The key tokens are signed with (`trackingSecretOf(encryptionKey)`). */
  secret: string;
  now: () => Date;
  logger: Logger;
}

/**
 * Hosted open and click tracking for workflow email (links are rewritten when CARTWIRE_PUBLIC_URL is set).
 * `GET /t/c/{token}` records a click and answers 302 to the link the token signed (UTM tags kept); the
 * target never comes from the request, so the endpoint cannot be used as an open redirect.
 * `GET /t/o/{token}.gif` records an open and answers a 1×1 GIF. A forged or altered token is 404; a
 * genuine token whose message is unknown (deleted tenant) still redirects, without recording anything.
 */
export function createTrackingRouter(deps: TrackingRouterDeps) {
  const router = createRouter<AppEnv>();
  const record = async (
    tenantId: string,
    messageId: string,
    interaction: 'opened' | 'clicked',
    url?: string,
  ) => {
    const at = deps.now();
    try {
      await recordInteraction(deps.database.db, {
        tenantId,
        messageId,
        interaction,
        source: 'tracking',
        url: url ?? null,
        at,
        recordedAt: at,
      });
    } catch (error) {
      // The customer's click must reach the shop even when the database does not answer; the lost
      // interaction is logged, the redirect still happens.
      deps.logger.error({ err: error, messageId, interaction }, 'tracking interaction not recorded');
    }
  };
  const invalid = () => new ProblemError('not_found', { detail: 'This tracking link is not valid.' });

  router.get(`${TRACKING_PATH}/c/:token`, async (c) => {
    const token = c.req.param('token');
    const subject = verifyTrackingToken(deps.secret, 'click', token);
    if (!subject?.url) throw invalid();
    await record(subject.tenantId, subject.messageId, 'clicked', subject.url);
    return c.body(null, 302, { ...NO_STORE, location: subject.url });
  });

  router.get(`${TRACKING_PATH}/o/:file`, async (c) => {
    const file = c.req.param('file');
    const token = file.endsWith('.gif') ? file.slice(0, -'.gif'.length) : '';
    const subject = verifyTrackingToken(deps.secret, 'open', token);
    if (!subject) throw invalid();
    await record(subject.tenantId, subject.messageId, 'opened');
    return c.body(new Uint8Array(PIXEL), 200, { ...NO_STORE, 'content-type': 'image/gif' });
  });
  return router;
}
