import { z } from 'zod';
import { ID_PREFIX, LINE_ID_PREFIX, prefixedId } from '../ids';
import { IsoDateTime } from '../time';
import { entityBase } from './base';

export const ShipmentStatus = z
  .enum(['pending', 'in_transit', 'out_for_delivery', 'delivered', 'failed', 'cancelled', 'unknown'])
  .describe(
    'Carrier status: `pending` (label created, not yet handed over), `in_transit`, `out_for_delivery`, ' +
      '`delivered`, `failed` (delivery failed or returned), `cancelled` (shipment voided), `unknown` (the ' +
      'platform records the shipment but no tracking events — WooCommerce and Magento core, Amazon MFN ' +
      'without carrier updates).',
  );
export type ShipmentStatus = z.infer<typeof ShipmentStatus>;

export const ShipmentLine = z
  .object({
    lineItemId: prefixedId(LINE_ID_PREFIX.line_item).describe('Order line shipped (li_…).'),
    quantity: z.number().int().min(1).describe('Units of that line in this shipment.'),
  })
  .describe('Units of one order line in a shipment.')
  .meta({ id: 'ShipmentLine' });
export type ShipmentLine = z.infer<typeof ShipmentLine>;

export const Shipment = z
  .object({
    id: prefixedId(ID_PREFIX.shipment).describe('Cartwire id of the shipment (shp_…).'),
    ...entityBase,
    orderId: prefixedId(ID_PREFIX.order).describe('Order shipped.'),
    lines: z.array(ShipmentLine).describe('Lines and quantities in this shipment.'),
    carrier: z
      .string()
      .nullable()
      .describe('Carrier name as reported (e.g. "UPS", "DHL Express"); null when unknown.'),
    trackingNumber: z.string().nullable().describe('Tracking number; null when none.'),
    trackingUrl: z.url().nullable().describe('Tracking page URL; null when none.'),
    status: ShipmentStatus,
    shippedAt: IsoDateTime.nullable().describe('When the shipment left (UTC); null when not yet shipped.'),
    deliveredAt: IsoDateTime.nullable().describe(
      'When it was delivered (UTC); null when not delivered or unknown.',
    ),
  })
  .describe(
    'A fulfilment of some or all of an order lines (Shopify fulfillment, Magento shipment, Amazon package).',
  )
  .meta({ id: 'Shipment' });
export type Shipment = z.infer<typeof Shipment>;
