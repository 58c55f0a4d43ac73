export type WooErrorCode =
  | 'woocommerce_rest_authentication_error'
  | 'woocommerce_rest_cannot_view'
  | 'woocommerce_rest_cannot_edit'
  | 'woocommerce_rest_invalid_id'
  | 'woocommerce_rest_shop_order_invalid_id'
  | 'woocommerce_rest_product_invalid_id'
  | 'woocommerce_rest_product_variation_invalid_id'
  | 'woocommerce_rest_shop_order_refund_invalid_id'
  | 'woocommerce_rest_invalid_order_status_transition'
  | 'woocommerce_rest_cannot_update'
  | 'woocommerce_rest_coupon_code_already_exists'
  | 'rest_invalid_param'
  | 'rest_invalid_json'
  | 'rest_no_route'
  | 'rest_too_many_requests'
  | 'internal_server_error';

/** A WordPress REST error; rendered as `{ code, message, data: { status, … } }`. */
export class WooRestError extends Error {
  override readonly name = 'WooRestError';
  constructor(
    readonly status: number,
    readonly code: WooErrorCode,
    message: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
  }

  body(): { code: WooErrorCode; message: string; data: Record<string, unknown> } {
    return { code: this.code, message: this.message, data: { status: this.status, ...this.data } };
  }
}

export function authError(message: string): WooRestError {
  return new WooRestError(401, 'woocommerce_rest_authentication_error', message);
}

/** WordPress's 400 for query parameters that fail validation, naming each one. */
export function invalidParams(problems: Record<string, string>): WooRestError {
  return new WooRestError(
    400,
    'rest_invalid_param',
    `Invalid parameter(s): ${Object.keys(problems).join(', ')}`,
    {
      params: problems,
      details: Object.fromEntries(
        Object.entries(problems).map(([name, message]) => [
          name,
          { code: 'rest_invalid_param', message, data: null },
        ]),
      ),
    },
  );
}

export function noRoute(): WooRestError {
  return new WooRestError(404, 'rest_no_route', 'No route was found matching the URL and request method');
}

/** 404 for an unknown id; customers say "Invalid resource ID.", post-backed resources "Invalid ID.". */
export function invalidId(code: WooErrorCode = 'woocommerce_rest_invalid_id'): WooRestError {
  return new WooRestError(
    404,
    code,
    code === 'woocommerce_rest_invalid_id' ? 'Invalid resource ID.' : 'Invalid ID.',
  );
}
