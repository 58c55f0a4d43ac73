import { WooCredentials } from './credentials';
import { WooAuthCallbackBody } from './raw/raw-admin';

/**
 * Turns the body `/wc-auth/v1/authorize` POSTs to the app's callback URL into connection
 * credentials for the store at `storeUrl`. Throws a ZodError naming the bad field when the body is
 * not WooCommerce's key delivery.
 *
 * @example
 * const credentials = wooCredentialsFromAuthCallback(await request.json(), 'https://shop.example');
 */
export function wooCredentialsFromAuthCallback(
  body: unknown,
  storeUrl: string,
): { credentials: WooCredentials; keyPermissions: WooAuthCallbackBody['key_permissions']; userId: string } {
  const delivered = WooAuthCallbackBody.parse(body);
  return {
    credentials: WooCredentials.parse({
      url: storeUrl,
      consumerKey: delivered.consumer_key,
      consumerSecret: delivered.consumer_secret,
    }),
    keyPermissions: delivered.key_permissions,
    userId: delivered.user_id,
  };
}
