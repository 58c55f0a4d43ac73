import { entityId, type Shipment } from '@cartwire/model';
import { z } from 'zod';
import type { WooOrder } from '../raw/raw-order';
import { blankToNull, gmtToIso, urlOrNull } from './map-common';

/** Meta key of the official "Shipment Tracking" extension; WooCommerce core records no shipments. */
const SHIPMENT_TRACKING_META_KEY = '_wc_shipment_tracking_items';

const TrackingItem = z.object({
  tracking_id: z.string().min(1),
  tracking_provider: z.string().nullish(),
  custom_tracking_provider: z.string().nullish(),
  tracking_number: z.string().nullish(),
  custom_tracking_link: z.string().nullish(),
  /** Unix seconds, as a string or a number. */
  date_shipped: z.union([z.string().regex(/^\d+$/), z.number().int()]).nullish(),
});

/**
 * Shipments recorded by the Shipment Tracking extension in the order's meta. The extension keeps
 * no line split and no carrier events, so lines are empty and the status is `unknown`. Entries that
 * do not have the extension's shape are not shipments and are left out.
 */
export function toShipments(order: WooOrder, storeId: string, orderId: string): Shipment[] {
  const meta = order.meta_data.find((entry) => entry.key === SHIPMENT_TRACKING_META_KEY);
  if (!meta || !Array.isArray(meta.value)) return [];
  const shipments: Shipment[] = [];
  for (const candidate of meta.value) {
    const parsed = TrackingItem.safeParse(candidate);
    if (!parsed.success) continue;
    const item = parsed.data;
    const shippedAt =
      item.date_shipped === null || item.date_shipped === undefined
        ? null
        : new Date(Number(item.date_shipped) * 1000).toISOString();
    const at = shippedAt ?? gmtToIso(order.date_modified_gmt);
    const externalId = `${order.id}:${item.tracking_id}`;
    shipments.push({
      id: entityId('shipment', storeId, externalId),
      storeId,
      platform: 'woocommerce',
      externalId,
      createdAt: at,
      updatedAt: at,
      orderId,
      lines: [],
      carrier: blankToNull(item.custom_tracking_provider) ?? blankToNull(item.tracking_provider),
      trackingNumber: blankToNull(item.tracking_number),
      trackingUrl: urlOrNull(item.custom_tracking_link),
      status: 'unknown',
      shippedAt,
      deliveredAt: null,
    });
  }
  return shipments.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
