import { z } from 'zod';

/** Magento numbers: JSON numbers, or numeric strings in some payloads (EAV decimals, events). */
export const MagentoNumber = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]);
/** `YYYY-MM-DD HH:MM:SS`, UTC. */
export const MagentoDate = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'a Magento UTC date');
const Flag = z
  .union([z.boolean(), z.number(), z.string()])
  .transform((value) => value === true || Number(value) === 1);
const Id = z.union([z.int(), z.string().regex(/^\d+$/).transform(Number)]);

export const RawCustomAttribute = z.object({
  attribute_code: z.string(),
  value: z.union([z.string(), z.array(z.string()), z.number(), z.null()]),
});

export const RawStockItem = z.looseObject({
  qty: MagentoNumber.nullable().optional(),
  is_in_stock: z.boolean().optional(),
  manage_stock: z.boolean().optional(),
});

export const RawProduct = z.looseObject({
  id: Id,
  sku: z.string(),
  name: z.string(),
  price: MagentoNumber.nullable().optional(),
  status: z.union([z.literal(1), z.literal(2)]).optional(),
  visibility: z.number().optional(),
  type_id: z.string(),
  created_at: MagentoDate,
  updated_at: MagentoDate,
  extension_attributes: z
    .looseObject({
      category_links: z.array(z.looseObject({ category_id: z.string() })).optional(),
      stock_item: RawStockItem.optional(),
      configurable_product_options: z
        .array(z.looseObject({ label: z.string(), position: z.number().optional() }))
        .optional(),
      configurable_product_links: z.array(Id).optional(),
    })
    .optional(),
  media_gallery_entries: z
    .array(
      z.looseObject({
        file: z.string(),
        position: z.number().optional(),
        disabled: z.boolean().optional(),
        label: z.string().nullable().optional(),
      }),
    )
    .optional(),
  custom_attributes: z.array(RawCustomAttribute).optional(),
});
export type RawProduct = z.infer<typeof RawProduct>;

export const RawCustomerAddress = z.looseObject({
  id: Id.optional(),
  region: z
    .looseObject({ region_code: z.string().nullable().optional(), region: z.string().nullable().optional() })
    .nullable()
    .optional(),
  country_id: z.string().nullable().optional(),
  street: z.array(z.string()).optional(),
  company: z.string().nullable().optional(),
  telephone: z.string().nullable().optional(),
  postcode: z.string().nullable().optional(),
  city: z.string().nullable().optional(),
  firstname: z.string().nullable().optional(),
  lastname: z.string().nullable().optional(),
  default_billing: z.boolean().optional(),
  default_shipping: z.boolean().optional(),
});

export const RawCustomer = z.looseObject({
  id: Id,
  email: z.string(),
  firstname: z.string().nullable().optional(),
  lastname: z.string().nullable().optional(),
  created_at: MagentoDate,
  updated_at: MagentoDate,
  default_billing: z.string().optional(),
  addresses: z.array(RawCustomerAddress).optional(),
  extension_attributes: z.looseObject({ is_subscribed: z.boolean().optional() }).optional(),
});
export type RawCustomer = z.infer<typeof RawCustomer>;

/** Order/quote addresses: flat region fields. */
export const RawSalesAddress = z.looseObject({
  city: z.string().nullable().optional(),
  company: z.string().nullable().optional(),
  country_id: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  firstname: z.string().nullable().optional(),
  lastname: z.string().nullable().optional(),
  postcode: z.string().nullable().optional(),
  region: z.string().nullable().optional(),
  region_code: z.string().nullable().optional(),
  street: z.array(z.string()).optional(),
  telephone: z.string().nullable().optional(),
});
export type RawSalesAddress = z.infer<typeof RawSalesAddress>;

export const RawOrderItem = z.looseObject({
  item_id: Id,
  parent_item_id: Id.nullable().optional(),
  product_id: Id.nullable().optional(),
  product_type: z.string().optional(),
  sku: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  qty_ordered: MagentoNumber,
  base_price: MagentoNumber.optional(),
  price: MagentoNumber.optional(),
  base_discount_amount: MagentoNumber.nullable().optional(),
  base_tax_amount: MagentoNumber.nullable().optional(),
  qty_shipped: MagentoNumber.optional(),
  qty_canceled: MagentoNumber.optional(),
  is_virtual: Flag.optional(),
});
export type RawOrderItem = z.infer<typeof RawOrderItem>;

export const RawOrder = z.looseObject({
  entity_id: Id,
  increment_id: z.string(),
  state: z.string(),
  status: z.string().nullable().optional(),
  created_at: MagentoDate,
  updated_at: MagentoDate,
  base_currency_code: z.string(),
  order_currency_code: z.string(),
  base_subtotal: MagentoNumber,
  base_discount_amount: MagentoNumber.nullable().optional(),
  base_shipping_amount: MagentoNumber.nullable().optional(),
  base_tax_amount: MagentoNumber.nullable().optional(),
  base_grand_total: MagentoNumber,
  base_total_paid: MagentoNumber.nullable().optional(),
  base_total_invoiced: MagentoNumber.nullable().optional(),
  base_total_refunded: MagentoNumber.nullable().optional(),
  coupon_code: z.string().nullable().optional(),
  discount_description: z.string().nullable().optional(),
  customer_id: Id.nullable().optional(),
  customer_is_guest: Flag,
  customer_email: z.string().nullable().optional(),
  customer_note: z.string().nullable().optional(),
  items: z.array(RawOrderItem),
  billing_address: RawSalesAddress.nullable().optional(),
  status_histories: z
    .array(z.looseObject({ status: z.string().nullable().optional(), created_at: MagentoDate.optional() }))
    .optional(),
  extension_attributes: z
    .looseObject({
      shipping_assignments: z
        .array(z.looseObject({ shipping: z.looseObject({ address: RawSalesAddress.nullable().optional() }) }))
        .optional(),
    })
    .optional(),
});
export type RawOrder = z.infer<typeof RawOrder>;

export const RawCreditMemo = z.looseObject({
  entity_id: Id,
  order_id: Id,
  created_at: MagentoDate,
  updated_at: MagentoDate,
  base_currency_code: z.string(),
  base_grand_total: MagentoNumber,
  customer_note: z.string().nullable().optional(),
  items: z.array(
    z.looseObject({
      order_item_id: Id,
      qty: MagentoNumber,
      base_row_total: MagentoNumber.nullable().optional(),
      base_tax_amount: MagentoNumber.nullable().optional(),
      back_to_stock: z.boolean().optional(),
    }),
  ),
});
export type RawCreditMemo = z.infer<typeof RawCreditMemo>;

export const RawShipment = z.looseObject({
  entity_id: Id,
  order_id: Id,
  created_at: MagentoDate,
  updated_at: MagentoDate,
  items: z.array(z.looseObject({ order_item_id: Id, qty: MagentoNumber })),
  tracks: z
    .array(
      z.looseObject({
        track_number: z.string(),
        title: z.string().nullable().optional(),
        carrier_code: z.string().optional(),
      }),
    )
    .optional(),
});
export type RawShipment = z.infer<typeof RawShipment>;

export const RawCartItem = z.looseObject({
  item_id: Id,
  sku: z.string().nullable().optional(),
  qty: MagentoNumber,
  name: z.string().nullable().optional(),
  price: MagentoNumber.nullable().optional(),
  product_type: z.string().optional(),
});

export const RawCart = z.looseObject({
  id: Id,
  created_at: MagentoDate,
  updated_at: MagentoDate,
  is_active: Flag,
  items: z.array(RawCartItem).optional(),
  items_count: z.number().optional(),
  customer: z.looseObject({ id: Id.optional(), email: z.string().nullable().optional() }).optional(),
  billing_address: RawSalesAddress.nullable().optional(),
  reserved_order_id: z.string().nullable().optional(),
  currency: z.looseObject({ quote_currency_code: z.string().optional(), base_currency_code: z.string() }),
  customer_is_guest: Flag.optional(),
});
export type RawCart = z.infer<typeof RawCart>;

export const RawSourceItem = z.looseObject({
  sku: z.string(),
  source_code: z.string(),
  quantity: MagentoNumber,
  status: z.number().optional(),
});
export type RawSourceItem = z.infer<typeof RawSourceItem>;

export const RawSource = z.looseObject({
  source_code: z.string(),
  name: z.string(),
  enabled: Flag,
  country_id: z.string().nullable().optional(),
  region: z.string().nullable().optional(),
  region_code: z.string().nullable().optional(),
  city: z.string().nullable().optional(),
  street: z.string().nullable().optional(),
  postcode: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
});
export type RawSource = z.infer<typeof RawSource>;

/** The `{ items, total_count }` envelope of every search. */
export const SearchEnvelope = z.looseObject({
  items: z.array(z.unknown()),
  total_count: z.int().nonnegative().optional(),
});
