import { z } from 'zod';

/** The four credentials of a Magento integration, for OAuth 1.0a signed requests (the 2.4.4+ default). */
export const MagentoOAuth1Auth = z.object({
  kind: z.literal('oauth1'),
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1),
  accessToken: z.string().min(1),
  accessTokenSecret: z.string().min(1),
});

/** A Bearer token: an integration token where the store enables bearer use, or an admin token. */
export const MagentoBearerAuth = z.object({ kind: z.literal('bearer'), token: z.string().min(1) });

/** Admin username/password exchanged at `POST /V1/integration/admin/token` for 4-hour tokens (2FA off). */
export const MagentoAdminAuth = z.object({
  kind: z.literal('admin'),
  username: z.string().min(1),
  password: z.string().min(1),
});

export const MagentoCredentials = z.object({
  /** Storefront base URL without `/rest`, e.g. `https://shop.example.com`. */
  baseUrl: z.url(),
  /** Store view code; requests go to `/rest/{storeCode}/V1`, or `/rest/V1` (default store) when absent. */
  storeCode: z
    .string()
    .regex(/^[a-z0-9_]+$/, 'a Magento store code')
    .optional(),
  auth: z.discriminatedUnion('kind', [MagentoOAuth1Auth, MagentoBearerAuth, MagentoAdminAuth]),
});
export type MagentoCredentials = z.infer<typeof MagentoCredentials>;

/** `https://shop.example.com/rest/default/V1` */
export function magentoApiBase(credentials: MagentoCredentials): string {
  const root = credentials.baseUrl.replace(/\/+$/, '');
  return credentials.storeCode ? `${root}/rest/${credentials.storeCode}/V1` : `${root}/rest/V1`;
}
