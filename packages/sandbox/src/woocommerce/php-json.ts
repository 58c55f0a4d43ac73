/**
 * JSON text as PHP's `wp_json_encode` writes it with default flags: `/` escaped as `\/` and every
 * non-ASCII character as a `\uXXXX` escape. WordPress REST bodies and WooCommerce webhook bodies
 * look like this on the wire, and webhook signatures are computed over exactly these bytes.
 */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value).replace(/[/\u007f-\uffff]/g, (ch) =>
    ch === '/' ? '\\/' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
