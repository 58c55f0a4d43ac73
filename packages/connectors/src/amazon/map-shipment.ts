import type { Shipment, ShipmentStatus } from '@cartwire/model';
import { entityId, lineId } from '@cartwire/model';
import type { MapContext } from '../engine/connector';
import type { RawPackage } from './raw-schemas';
import { amazonInstant } from './wire-values';

/** 2026-01-01 `packageStatus` → unified carrier status; the detailed status wins where it says more. */
export function shipmentStatusOf(raw: RawPackage['packageStatus']): ShipmentStatus {
  if (raw?.detailedStatus === 'OUT_FOR_DELIVERY') return 'out_for_delivery';
  switch (raw?.status) {
    case 'PENDING':
      return 'pending';
    case 'IN_TRANSIT':
      return 'in_transit';
    case 'DELIVERED':
      return 'delivered';
    case 'UNDELIVERABLE':
    case 'RETURNED':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    default:
      return 'unknown';
  }
}

export interface PackageContext {
  orderId: string;
  /** The order's last update: a package reports no change time of its own, its order does. */
  orderUpdatedAt: string;
  /** orderItemId → the line key (SKU) the order mapper used. */
  lineKeys: ReadonlyMap<string, string>;
}

/**
 * `{orderId}:{packageReferenceId}`: a package reference is unique only within its order (merchant
 * fulfilment numbers them 1, 2, … per order), so the order id makes it unique in the store.
 */
export function packageExternalId(orderId: string, packageReferenceId: string): string {
  return `${orderId}:${packageReferenceId}`;
}

/** A package of a 2026-01-01 order → Shipment. Lines are keyed like the order's lines (by SKU). */
export function mapPackage(raw: RawPackage, order: PackageContext, context: MapContext): Shipment {
  const orderEntityId = entityId('order', context.storeId, order.orderId);
  const createdAt = raw.createdTime ? amazonInstant(raw.createdTime) : order.orderUpdatedAt;
  const status = shipmentStatusOf(raw.packageStatus);
  const externalId = packageExternalId(order.orderId, raw.packageReferenceId);
  return {
    id: entityId('shipment', context.storeId, externalId),
    storeId: context.storeId,
    platform: 'amazon',
    externalId,
    createdAt,
    // ISO strings of one format compare chronologically.
    updatedAt: order.orderUpdatedAt.localeCompare(createdAt) < 0 ? createdAt : order.orderUpdatedAt,
    orderId: orderEntityId,
    lines: (raw.packageItems ?? [])
      .filter((item) => item.quantity > 0)
      .map((item) => ({
        lineItemId: lineId(
          'line_item',
          orderEntityId,
          order.lineKeys.get(item.orderItemId) ?? item.orderItemId,
        ),
        quantity: item.quantity,
      })),
    carrier: raw.carrier ?? null,
    trackingNumber: raw.trackingNumber ?? null,
    trackingUrl: null,
    status,
    shippedAt: raw.shipTime ? amazonInstant(raw.shipTime) : null,
    // Amazon reports that a package was delivered, not when; the order's last update is the closest.
    deliveredAt: status === 'delivered' ? order.orderUpdatedAt : null,
  };
}
