import type { Hono } from 'hono';
import { z } from 'zod';
import { invalidId, invalidParams, WooRestError } from './woo-errors';
import { apiUrl, datePair, timeZoneOffsetMs, type WooRenderContext } from './woo-format';
import { authorize, jsonBody, pathId, type WooRouteDeps, wooJson } from './woo-http';

/** A coupon as WooCommerce keeps it (`shop_coupon` post). */
interface Coupon {
  id: number;
  code: string;
  amount: string;
  discountType: 'percent' | 'fixed_cart' | 'fixed_product';
  description: string;
  createdAt: string;
  expiresAt: string | null;
  individualUse: boolean;
  productIds: number[];
  usageLimit: number | null;
  usageLimitPerUser: number | null;
  freeShipping: boolean;
  emailRestrictions: string[];
}

const Decimal = z.union([z.string().regex(/^\d+(\.\d+)?$/), z.number().nonnegative()]).transform(String);
const WooDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/);

const CreateCouponBody = z.object({
  code: z.string().trim().min(1),
  discount_type: z.enum(['percent', 'fixed_cart', 'fixed_product']).default('fixed_cart'),
  amount: Decimal.default('0'),
  description: z.string().default(''),
  date_expires: WooDate.nullish(),
  date_expires_gmt: WooDate.nullish(),
  individual_use: z.boolean().default(false),
  product_ids: z.array(z.coerce.number().int().positive()).default([]),
  usage_limit: z.number().int().positive().nullish(),
  usage_limit_per_user: z.number().int().positive().nullish(),
  free_shipping: z.boolean().default(false),
  email_restrictions: z.array(z.email()).default([]),
});

/** WooCommerce lower-cases coupon codes (`wc_format_coupon_code` + `wc_strtolower`). */
const formatCode = (code: string) => code.trim().toLowerCase();

/** A site-local or GMT `YYYY-MM-DD[THH:MM[:SS]]` as an ISO instant. */
function instantOf(value: string, timeZone: string | null): string {
  const wall = value.length === 10 ? `${value}T00:00:00` : value.length === 16 ? `${value}:00` : value;
  const asUtc = Date.parse(`${wall}Z`);
  const offset = timeZone === null ? 0 : timeZoneOffsetMs(timeZone, asUtc);
  return new Date(asUtc - offset).toISOString();
}

function renderCoupon(coupon: Coupon, ctx: WooRenderContext) {
  return {
    id: coupon.id,
    code: coupon.code,
    amount: Number(coupon.amount).toFixed(2),
    status: 'publish',
    ...datePair('date_created', coupon.createdAt, ctx),
    ...datePair('date_modified', coupon.createdAt, ctx),
    discount_type: coupon.discountType,
    description: coupon.description,
    ...datePair('date_expires', coupon.expiresAt, ctx),
    usage_count: 0,
    individual_use: coupon.individualUse,
    product_ids: coupon.productIds,
    excluded_product_ids: [],
    usage_limit: coupon.usageLimit,
    usage_limit_per_user: coupon.usageLimitPerUser,
    limit_usage_to_x_items: null,
    free_shipping: coupon.freeShipping,
    product_categories: [],
    excluded_product_categories: [],
    exclude_sale_items: false,
    minimum_amount: '0.00',
    maximum_amount: '0.00',
    email_restrictions: coupon.emailRestrictions,
    used_by: [],
    meta_data: [],
    _links: {
      self: [{ href: apiUrl(ctx, `coupons/${coupon.id}`) }],
      collection: [{ href: apiUrl(ctx, 'coupons') }],
    },
  };
}

/**
 * `POST /wc/v3/coupons` and `GET /wc/v3/coupons/{id}`: coupons kept by the emulator (codes lower-cased
 * and unique per site, `woocommerce_rest_coupon_code_already_exists` otherwise; a percent coupon above 100
 * is refused as WooCommerce's admin does).
 */
export interface WooCouponView {
  id: number;
  code: string;
  discountType: Coupon['discountType'];
  amount: string;
  expiresAt: string | null;
  usageLimit: number | null;
  usageLimitPerUser: number | null;
  productIds: number[];
  freeShipping: boolean;
  emailRestrictions: string[];
}

export function registerCouponRoutes(app: Hono, deps: WooRouteDeps): () => WooCouponView[] {
  const coupons = new Map<number, Coupon>();
  let lastId = 0;

  app.post('/wp-json/wc/v3/coupons', async (c) => {
    const ctx = authorize(c, deps, 'write');
    const body = await jsonBody(c, CreateCouponBody);
    const code = formatCode(body.code);
    if ([...coupons.values()].some((coupon) => coupon.code === code)) {
      throw new WooRestError(
        400,
        'woocommerce_rest_coupon_code_already_exists',
        'The coupon code already exists',
        {
          coupon_id: [...coupons.values()].find((coupon) => coupon.code === code)?.id,
        },
      );
    }
    if (body.discount_type === 'percent' && Number(body.amount) > 100) {
      throw invalidParams({ amount: 'amount is invalid: a percentage cannot exceed 100' });
    }
    for (const productId of body.product_ids) {
      const known = deps.store.getProduct(productId) ?? deps.store.getVariant(productId);
      if (!known)
        throw invalidParams({ product_ids: `product_ids is invalid: unknown product ${productId}` });
    }
    lastId += 1;
    const coupon: Coupon = {
      id: 9000 + lastId,
      code,
      amount: body.amount,
      discountType: body.discount_type,
      description: body.description,
      createdAt: new Date().toISOString(),
      expiresAt: body.date_expires_gmt
        ? instantOf(body.date_expires_gmt, null)
        : body.date_expires
          ? instantOf(body.date_expires, ctx.timeZone)
          : null,
      individualUse: body.individual_use,
      productIds: body.product_ids,
      usageLimit: body.usage_limit ?? null,
      usageLimitPerUser: body.usage_limit_per_user ?? null,
      freeShipping: body.free_shipping,
      emailRestrictions: body.email_restrictions.map((email) => email.toLowerCase()),
    };
    coupons.set(coupon.id, coupon);
    return wooJson(renderCoupon(coupon, ctx), 201);
  });

  app.get('/wp-json/wc/v3/coupons/:id', (c) => {
    const ctx = authorize(c, deps, 'read');
    const coupon = coupons.get(pathId(c, 'id', () => invalidId()));
    if (!coupon) throw invalidId();
    return wooJson(renderCoupon(coupon, ctx));
  });

  return () =>
    [...coupons.values()].map((coupon) => ({
      id: coupon.id,
      code: coupon.code,
      discountType: coupon.discountType,
      amount: coupon.amount,
      expiresAt: coupon.expiresAt,
      usageLimit: coupon.usageLimit,
      usageLimitPerUser: coupon.usageLimitPerUser,
      productIds: coupon.productIds,
      freeShipping: coupon.freeShipping,
      emailRestrictions: coupon.emailRestrictions,
    }));
}
