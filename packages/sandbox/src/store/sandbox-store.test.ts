import { describe, expect, it } from 'vitest';
import { SandboxStoreError } from './errors';
import { SandboxStore } from './sandbox-store';
import { buildTestStore, TEST_ADDRESS } from './test-fixtures';
import type { StoreChange } from './types';

function recordChanges(store: SandboxStore): StoreChange[] {
  const changes: StoreChange[] = [];
  store.onChange((change) => changes.push(change));
  return changes;
}

describe('SandboxStore mutations', () => {
  it('places an order: discounts allocated, tax and shipping added, stock taken, event emitted', () => {
    const t = buildTestStore();
    const changes = recordChanges(t.store);
    t.clock.advance(60_000);
    const order = t.store.placeOrder({
      customerId: t.customerId,
      lines: [
        { variantId: t.shirtS, quantity: 2 },
        { variantId: t.shirtM, quantity: 1 },
      ],
      discountCodes: [{ code: 'TEN', type: 'percentage', value: '10' }],
      taxRate: '0.2',
      shipping: { title: 'Standard', code: 'standard', price: '5' },
    });
    expect(order).toMatchObject({
      number: 1001,
      email: 'zoe@example.com',
      lineItemsSubtotal: '32.50',
      totalDiscounts: '3.25',
      totalTax: '6.85',
      total: '41.10',
      financialState: 'paid',
      fulfillmentState: 'unfulfilled',
      createdAt: '2026-03-01T10:01:00.000Z',
      paidAt: '2026-03-01T10:01:00.000Z',
      shippingAddress: TEST_ADDRESS,
    });
    expect(order.lines.map((line) => [line.discount, line.tax, line.variantTitle])).toEqual([
      ['2.00', '3.60', 'S'],
      ['1.25', '2.25', 'M'],
    ]);
    expect(t.store.inventoryLevelAt(t.shirtS, t.warehouseId)?.available).toBe(3);
    expect(changes).toContainEqual({
      kind: 'order',
      action: 'created',
      id: order.id,
      cause: 'placeOrder',
      at: '2026-03-01T10:01:00.000Z',
    });
    expect(changes.filter((change) => change.kind === 'inventory_level')).toHaveLength(2);
    expect(t.store.ordersOf(t.customerId)).toEqual([order]);
  });

  it('oversells from the first location when no location has enough stock', () => {
    const t = buildTestStore();
    const order = t.store.placeOrder({
      lines: [{ variantId: t.shirtM, quantity: 3 }],
      email: 'guest@example.com',
    });
    expect(order.customerId).toBeNull();
    expect(order.lines[0]!.locationId).toBe(t.warehouseId);
    expect(t.store.inventoryLevelAt(t.shirtM, t.warehouseId)?.available).toBe(-2);
  });

  it('refunds part of an order, then the rest, restocking and emitting with the refund id', () => {
    const t = buildTestStore();
    const order = t.store.placeOrder({
      lines: [{ variantId: t.shirtS, quantity: 2 }],
      taxRate: '0.1',
      shipping: { title: 'Standard', code: 'standard', price: '5' },
    });
    const changes = recordChanges(t.store);
    t.clock.advance(1000);
    const partial = t.store.refundOrder(order.id, {
      lines: [{ lineId: order.lines[0]!.id, quantity: 1 }],
      reason: 'Wrong size',
    });
    expect(partial.amount).toBe('11.00');
    expect(t.store.getOrder(order.id)).toMatchObject({
      financialState: 'partially_refunded',
      totalRefunded: '11.00',
      updatedAt: '2026-03-01T10:00:01.000Z',
    });
    expect(changes).toContainEqual(
      expect.objectContaining({
        kind: 'order',
        action: 'updated',
        cause: 'refundOrder',
        related: { kind: 'refund', id: partial.id },
      }),
    );
    expect(t.store.inventoryLevelAt(t.shirtS, t.warehouseId)?.available).toBe(4);

    const rest = t.store.refundOrder(order.id);
    expect(rest.amount).toBe('16.50');
    expect(rest.shippingAmount).toBe('5.50');
    expect(t.store.getOrder(order.id)).toMatchObject({ financialState: 'refunded', totalRefunded: '27.50' });
    expect(() => t.store.refundOrder(order.id, { amount: '1.00' })).toThrow(SandboxStoreError);
  });

  it('refuses a bare-amount refund larger than what is left', () => {
    const t = buildTestStore();
    const order = t.store.placeOrder({ lines: [{ variantId: t.mug, quantity: 1 }] });
    const refund = t.store.refundOrder(order.id, { amount: '3', reason: 'Goodwill' });
    expect(refund).toMatchObject({ amount: '3.00', lines: [] });
    expect(() => t.store.refundOrder(order.id, { amount: '6' })).toThrow(/exceeds/);
    expect(t.store.refundOrder(order.id).amount).toBe('5.00');
  });

  it('fulfils in two shipments, marks delivery, and closes the order when everything shipped', () => {
    const t = buildTestStore();
    const order = t.store.placeOrder({
      lines: [
        { variantId: t.shirtS, quantity: 1 },
        { variantId: t.mug, quantity: 2 },
      ],
    });
    const changes = recordChanges(t.store);
    const first = t.store.fulfillOrder(order.id, {
      lines: [{ lineId: order.lines[0]!.id, quantity: 1 }],
      carrier: 'UPS',
      trackingNumber: '1Z999',
    });
    expect(first.status).toBe('in_transit');
    expect(t.store.getOrder(order.id)).toMatchObject({
      fulfillmentState: 'partially_fulfilled',
      closedAt: null,
    });
    t.clock.advance(3_600_000);
    const second = t.store.fulfillOrder(order.id);
    expect(second.lines).toEqual([{ lineId: order.lines[1]!.id, quantity: 2 }]);
    expect(t.store.getOrder(order.id)).toMatchObject({
      fulfillmentState: 'fulfilled',
      closedAt: '2026-03-01T11:00:00.000Z',
    });
    const delivered = t.store.markDelivered(order.id, first.id);
    expect(delivered).toMatchObject({ status: 'delivered', deliveredAt: '2026-03-01T11:00:00.000Z' });
    expect(changes.map((change) => [change.cause, change.related?.id])).toEqual([
      ['fulfillOrder', first.id],
      ['fulfillOrder', second.id],
      ['markDelivered', first.id],
    ]);
    expect(() => t.store.fulfillOrder(order.id)).toThrow(/nothing left/);
    expect(() => t.store.cancelOrder(order.id)).toThrow(SandboxStoreError);
  });

  it('cancels a paid order with a full refund and restock, and voids an unpaid one', () => {
    const t = buildTestStore();
    const paid = t.store.placeOrder({ lines: [{ variantId: t.mug, quantity: 2 }] });
    const pending = t.store.placeOrder({
      lines: [{ variantId: t.mug, quantity: 1 }],
      financialState: 'pending',
    });
    expect(t.store.inventoryLevelAt(t.mug, t.warehouseId)?.available).toBe(0);
    const changes = recordChanges(t.store);
    const cancelled = t.store.cancelOrder(paid.id, { reason: 'inventory' });
    expect(cancelled).toMatchObject({
      financialState: 'refunded',
      totalRefunded: '16.00',
      cancelReason: 'inventory',
    });
    expect(cancelled.cancelledAt).not.toBeNull();
    expect(cancelled.closedAt).not.toBeNull();
    expect(changes.at(-1)).toMatchObject({ cause: 'cancelOrder', related: { kind: 'refund' } });
    expect(t.store.cancelOrder(pending.id).financialState).toBe('voided');
    expect(t.store.inventoryLevelAt(t.mug, t.warehouseId)?.available).toBe(3);
    expect(() => t.store.cancelOrder(paid.id)).toThrow(/already cancelled/);
  });

  it('marks a pending order paid', () => {
    const t = buildTestStore();
    const order = t.store.placeOrder({
      lines: [{ variantId: t.mug, quantity: 1 }],
      financialState: 'pending',
    });
    expect(order.paidAt).toBeNull();
    const changes = recordChanges(t.store);
    expect(t.store.markPaid(order.id).financialState).toBe('paid');
    expect(changes).toEqual([expect.objectContaining({ kind: 'order', cause: 'markPaid' })]);
    expect(() => t.store.markPaid(order.id)).toThrow(SandboxStoreError);
  });

  it('changes prices, sets and restocks inventory, each with an event', () => {
    const t = buildTestStore();
    const changes = recordChanges(t.store);
    t.clock.advance(5000);
    const variant = t.store.changePrice(t.shirtS, { price: '8', compareAtPrice: '10.00' });
    expect(variant).toMatchObject({ price: '8.00', compareAtPrice: '10.00', unitCost: '4.00' });
    expect(t.store.getProduct(t.shirtId)!.updatedAt).toBe('2026-03-01T10:00:05.000Z');
    expect(t.store.setInventory(t.shirtS, t.storefrontId, 0).available).toBe(0);
    expect(t.store.restock(t.shirtS, t.storefrontId, 7).available).toBe(7);
    expect(changes.map((change) => `${change.kind}:${change.action}:${change.cause}`)).toEqual([
      'variant:updated:changePrice',
      'product:updated:changePrice',
      'inventory_level:updated:setInventory',
      'inventory_level:updated:restock',
    ]);
    expect(() => t.store.restock(t.shirtS, t.storefrontId, 0)).toThrow(SandboxStoreError);
    expect(() => t.store.setInventory(999, t.storefrontId, 1)).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('deletes a product but keeps the order lines that reference it', () => {
    const t = buildTestStore();
    const order = t.store.placeOrder({ lines: [{ variantId: t.mug, quantity: 1 }] });
    const changes = recordChanges(t.store);
    t.store.deleteProduct(t.mugId);
    expect(t.store.getProduct(t.mugId)).toBeUndefined();
    expect(t.store.getVariant(t.mug)).toBeUndefined();
    expect(t.store.inventoryOf(t.mug)).toEqual([]);
    expect(t.store.getOrder(order.id)!.lines[0]).toMatchObject({
      productId: t.mugId,
      variantId: t.mug,
      title: 'Mug',
    });
    expect(changes.map((change) => `${change.kind}:${change.action}`)).toEqual([
      'product:deleted',
      'variant:deleted',
    ]);
    expect(() => t.store.placeOrder({ lines: [{ variantId: t.mug, quantity: 1 }] })).toThrow(/No variant/);
  });

  it('creates and updates customers, stamping consent changes and keeping emails unique', () => {
    const t = buildTestStore();
    const changes = recordChanges(t.store);
    expect(() => t.store.createCustomer({ email: 'ZOE@example.com' })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    const created = t.store.createCustomer({
      email: 'li@example.com',
      firstName: '李',
      phone: '+8613800000000',
    });
    expect(created.emailMarketing).toEqual({
      state: 'not_subscribed',
      optInLevel: null,
      consentUpdatedAt: null,
    });
    t.clock.advance(10_000);
    const updated = t.store.updateCustomer(created.id, {
      smsMarketing: { state: 'subscribed', optInLevel: 'single_opt_in' },
    });
    expect(updated.smsMarketing).toEqual({
      state: 'subscribed',
      optInLevel: 'single_opt_in',
      consentUpdatedAt: '2026-03-01T10:00:10.000Z',
    });
    expect(updated.updatedAt).toBe('2026-03-01T10:00:10.000Z');
    expect(changes.map((change) => `${change.kind}:${change.action}:${change.id}`)).toEqual([
      `customer:created:${created.id}`,
      `customer:updated:${created.id}`,
    ]);
    expect(t.store.findCustomerByEmail('LI@example.com')?.id).toBe(created.id);
  });

  it('runs the cart lifecycle: create, update, abandon, convert', () => {
    const t = buildTestStore();
    const changes = recordChanges(t.store);
    const cart = t.store.createCart({
      email: 'guest@example.com',
      lines: [{ variantId: t.mug, quantity: 1 }],
    });
    expect(cart).toMatchObject({ status: 'open', customerId: null, subtotal: '8.00' });
    expect(cart.token).toMatch(/^[0-9a-f]{32}$/);
    const updated = t.store.updateCart(cart.id, {
      lines: [
        { variantId: t.mug, quantity: 2 },
        { variantId: t.shirtS, quantity: 1 },
      ],
    });
    expect(updated.subtotal).toBe('26.00');
    t.clock.advance(3_600_000);
    expect(t.store.abandonCart(cart.id)).toMatchObject({
      status: 'abandoned',
      abandonedAt: '2026-03-01T11:00:00.000Z',
    });
    t.clock.advance(60_000);
    const order = t.store.convertCart(cart.id, {
      discountCodes: [{ code: 'BACK', type: 'fixed_amount', value: '5' }],
    });
    expect(order).toMatchObject({ cartId: cart.id, email: 'guest@example.com', total: '21.00' });
    expect(t.store.getCart(cart.id)).toMatchObject({
      status: 'converted',
      convertedOrderId: order.id,
      completedAt: '2026-03-01T11:01:00.000Z',
    });
    expect(
      changes.filter((change) => change.kind !== 'inventory_level').map((c) => `${c.kind}:${c.cause}`),
    ).toEqual([
      'cart:createCart',
      'cart:updateCart',
      'cart:abandonCart',
      'order:convertCart',
      'cart:convertCart',
    ]);
    expect(() => t.store.convertCart(cart.id)).toThrow(/already converted/);
  });

  it('never moves time backwards, even if the clock does', () => {
    const t = buildTestStore();
    t.clock.set('2026-03-02T00:00:00.000Z');
    const first = t.store.placeOrder({ lines: [{ variantId: t.mug, quantity: 1 }] });
    t.clock.set('2026-03-01T00:00:00.000Z');
    const second = t.store.placeOrder({ lines: [{ variantId: t.mug, quantity: 1 }] });
    expect(second.createdAt >= first.createdAt).toBe(true);
  });

  it('validates inputs with typed errors', () => {
    const t = buildTestStore();
    expect(() => t.store.placeOrder({ lines: [] })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(() => t.store.placeOrder({ lines: [{ variantId: t.mug, quantity: 0 }] })).toThrow(
      SandboxStoreError,
    );
    expect(() => t.store.placeOrder({ lines: [{ variantId: t.mug, quantity: 1, price: 'free' }] })).toThrow(
      SandboxStoreError,
    );
    expect(() =>
      t.store.createProduct({
        title: 'Bad',
        options: [{ name: 'Size', values: ['S'] }],
        variants: [{ sku: 'X', price: '1' }],
      }),
    ).toThrow(/option values/);
  });

  it('snapshots to plain JSON and restores an equal store that keeps numbering', () => {
    const t = buildTestStore();
    t.store.placeOrder({ customerId: t.customerId, lines: [{ variantId: t.mug, quantity: 1 }] });
    const snapshot = t.store.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    const restored = SandboxStore.restore(snapshot, { clock: t.clock });
    expect(restored.snapshot()).toEqual(snapshot);
    expect(restored.ordersOf(t.customerId)).toHaveLength(1);
    const next = restored.placeOrder({ lines: [{ variantId: t.mug, quantity: 1 }] });
    expect(next.number).toBe(1002);
  });
});
