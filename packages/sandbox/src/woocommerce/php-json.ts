const NON_ASCII = /[\u007f-\uffff]/g;

/**
 * JSON text as PHP's `wp_json_encode` writes it with default flags: `/` escaped as `\/` and every
 * non-ASCII character as a `\uXXXX` escape. WordPress REST bodies and WooCommerce webhook bodies
 * look like this on the wire, and webhook signatures are computed over exactly these bytes.
 */
export function phpJsonEncode(value: unknown): string {
  const json = JSON.stringify(value).replaceAll('/', '\\/');
  // Most payloads are ASCII; skip the per-character pass when they are.
  NON_ASCII.lastIndex = 0;
  if (!NON_ASCII.test(json)) return json;
  return json.replace(NON_ASCII, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
