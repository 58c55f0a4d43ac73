import { z } from 'zod';
import type { FaultInjector } from '../http/faults';
import { type Clock, systemClock } from '../store/clock';
import { SandboxStore } from '../store/sandbox-store';

const IntegrationCredentials = z.object({
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1),
  accessToken: z.string().min(1),
  accessTokenSecret: z.string().min(1),
  /**
   * `oauth/consumer/enable_integration_as_bearer`: lets the integration's access token be sent as a
   * plain Bearer token. Off by default since Magento 2.4.4. @default false
   */
  integrationAsBearer: z.boolean().default(false),
});

export const MagentoEmulatorOptions = z
  .object({
    /** The sandbox data this Magento instance serves. */
    store: z.custom<SandboxStore>((value) => value instanceof SandboxStore, 'a SandboxStore'),
    /** Bearer tokens accepted forever (e.g. an integration token on a store allowing bearer use). @default [] */
    tokens: z.array(z.string().min(1)).default([]),
    /** Integration credentials for OAuth 1.0a signed requests. */
    oauth: IntegrationCredentials.optional(),
    /** Admin account for `POST /V1/integration/admin/token` (2FA disabled). */
    admin: z.object({ username: z.string().min(1), password: z.string().min(1) }).optional(),
    /** Store view codes served under `/rest/{code}/V1`. @default ['default', 'all'] */
    storeCodes: z.array(z.string().min(1)).default(['default', 'all']),
    /**
     * Answer a `currentPage` past the end with the last page again (Magento before 2.4). @default true
     */
    lastPageRepeat: z.boolean().default(true),
    /**
     * Optional 429 mode: a token bucket over all requests (Magento has no REST rate limit out of the
     * box; real deployments add one at the WAF/CDN or with the backpressure limiter). @default none
     */
    rateLimit: z.object({ requestsPerSecond: z.number().positive(), burst: z.int().positive() }).optional(),
    /**
     * Fault injection placed in front of every route (see `magentoFaultInjector` for Magento's own
     * error bodies). @default none
     */
    faults: z
      .custom<FaultInjector>(
        (value) => typeof (value as FaultInjector | undefined)?.middleware === 'function',
      )
      .optional(),
    /** Time source for token expiry, OAuth timestamps and the rate limit. @default systemClock */
    clock: z
      .custom<Clock>((value) => typeof (value as Clock | undefined)?.now === 'function', 'a clock with now()')
      .default(systemClock),
  })
  .refine(
    (options) => options.tokens.length > 0 || options.oauth !== undefined || options.admin !== undefined,
    {
      message: 'configure at least one of tokens, oauth or admin',
    },
  );
export type MagentoEmulatorOptions = z.input<typeof MagentoEmulatorOptions>;
export type ResolvedMagentoEmulatorOptions = z.output<typeof MagentoEmulatorOptions>;
