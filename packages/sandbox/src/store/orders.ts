import { findLevel, writeLevel } from './catalog';
import { SandboxStoreError } from './errors';
import type {
  CancelOrderInput,
  FulfillOrderInput,
  PlaceOrderInput,
  RefundLineInput,
  RefundOrderInput,
  UpdateOrderInput,
} from './inputs';
import { allocateMinor, fromMinor, multiplyMinor, percentOfMinor, toMinor } from './money';
import { emit, nextId, requireRecord, type StoreState, stamp } from './store-state';
import type {
  DiscountCode,
  FinancialState,
  Fulfillment,
  FulfillmentState,
  Order,
  OrderLine,
  Refund,
  RefundLine,
  StoreMutation,
} from './types';

function requirePositiveInt(value: number, what: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new SandboxStoreError('invalid_input', `${what} must be a positive integer, got ${value}`);
  }
}

export function placeOrder(
  state: StoreState,
  input: PlaceOrderInput,
  options: { cause?: StoreMutation; cartId?: number | null } = {},
): Order {
  if (input.lines.length === 0)
    throw new SandboxStoreError('invalid_input', 'An order needs at least one line');
  const currency = state.shop.currency;
  const customer =
    input.customerId == null ? null : requireRecord(state.customers, 'customer', input.customerId);
  const priced = input.lines.map((line) => {
    requirePositiveInt(line.quantity, 'Line quantity');
    const variant = requireRecord(state.variants, 'variant', line.variantId);
    const product = requireRecord(state.products, 'product', variant.productId);
    const unit = toMinor(line.price ?? variant.price, currency);
    if (unit < 0) throw new SandboxStoreError('invalid_input', 'Line price cannot be negative');
    return { line, variant, product, unit, gross: unit * line.quantity };
  });
  const subtotal = priced.reduce((sum, p) => sum + p.gross, 0);

  let remaining = subtotal;
  const discountCodes: DiscountCode[] = (input.discountCodes ?? []).map((code) => {
    const wanted =
      code.type === 'percentage' ? percentOfMinor(subtotal, code.value) : toMinor(code.value, currency);
    const amount = Math.max(0, Math.min(wanted, remaining));
    remaining -= amount;
    return { code: code.code, type: code.type, value: code.value, amount: fromMinor(amount, currency) };
  });
  const totalDiscount = subtotal - remaining;
  const discounts = allocateMinor(
    totalDiscount,
    priced.map((p) => p.gross),
  );
  const taxRate = input.taxRate ?? '0';

  const at = stamp(state);
  const lines: OrderLine[] = priced.map((p, index) => {
    const discount = discounts[index] ?? 0;
    const taxable = p.variant.taxable;
    return {
      id: nextId(state, 'orderLine'),
      productId: p.product.id,
      variantId: p.variant.id,
      title: p.product.title,
      variantTitle: p.product.options.length > 0 ? p.variant.title : null,
      sku: p.variant.sku,
      vendor: p.product.vendor,
      quantity: p.line.quantity,
      price: fromMinor(p.unit, currency),
      discount: fromMinor(discount, currency),
      tax: fromMinor(taxable ? multiplyMinor(p.gross - discount, taxRate) : 0, currency),
      taxable,
      requiresShipping: p.variant.requiresShipping,
      locationId: null,
    };
  });
  const shippingPrice = input.shipping ? toMinor(input.shipping.price, currency) : 0;
  const shippingTax = multiplyMinor(shippingPrice, taxRate);
  const lineTax = lines.reduce((sum, line) => sum + toMinor(line.tax, currency), 0);
  const totalTax = lineTax + shippingTax;
  const financialState: FinancialState = input.financialState ?? 'paid';
  // Caller-owned addresses are copied once; store-owned ones (a customer's) are shared, being immutable.
  const billingAddress = input.billingAddress
    ? { ...input.billingAddress }
    : customerDefaultAddress(state, input.customerId ?? null);
  const givenShipping = input.shippingAddress ? { ...input.shippingAddress } : input.shippingAddress;
  const needsShipping = lines.some((line) => line.requiresShipping);

  // Take stock from the first location that has enough, else the first one (oversell).
  for (const [index, line] of lines.entries()) {
    const variant = priced[index]!.variant;
    if (!variant.inventoryTracked) continue;
    const byLocation = state.inventoryIndex.get(variant.id);
    if (!byLocation || byLocation.size === 0) continue;
    let chosen: number | undefined;
    for (const locationId of [...byLocation.keys()].sort((a, b) => a - b)) {
      chosen ??= locationId;
      if ((findLevel(state, variant.id, locationId)?.available ?? 0) >= line.quantity) {
        chosen = locationId;
        break;
      }
    }
    if (chosen === undefined) continue;
    line.locationId = chosen;
    const level = findLevel(state, variant.id, chosen);
    writeLevel(
      state,
      variant.id,
      chosen,
      (level?.available ?? 0) - line.quantity,
      options.cause ?? 'placeOrder',
      at,
    );
  }

  const presentmentCurrency = input.presentmentCurrency ?? currency;
  const order: Order = {
    id: nextId(state, 'order'),
    number: nextId(state, 'orderNumber'),
    customerId: customer?.id ?? null,
    email: input.email !== undefined ? input.email : (customer?.email ?? null),
    phone: input.phone !== undefined ? input.phone : (customer?.phone ?? null),
    billingAddress: billingAddress ?? null,
    shippingAddress:
      givenShipping !== undefined ? givenShipping : needsShipping ? (billingAddress ?? null) : null,
    currency,
    presentmentCurrency,
    exchangeRate: presentmentCurrency === currency ? '1' : (input.exchangeRate ?? '1'),
    lines,
    discountCodes,
    lineItemsSubtotal: fromMinor(subtotal, currency),
    totalDiscounts: fromMinor(totalDiscount, currency),
    shipping: input.shipping
      ? {
          title: input.shipping.title,
          code: input.shipping.code,
          price: fromMinor(shippingPrice, currency),
          tax: fromMinor(shippingTax, currency),
        }
      : null,
    totalTax: fromMinor(totalTax, currency),
    total: fromMinor(subtotal - totalDiscount + shippingPrice + totalTax, currency),
    totalRefunded: fromMinor(0, currency),
    financialState,
    fulfillmentState: 'unfulfilled',
    refunds: [],
    fulfillments: [],
    paymentMethod: input.paymentMethod ?? 'credit_card',
    source: input.source ?? 'web',
    note: input.note ?? '',
    tags: [...(input.tags ?? [])],
    cartId: options.cartId ?? null,
    cancelReason: null,
    processedAt: at,
    paidAt: financialState === 'paid' ? at : null,
    closedAt: null,
    cancelledAt: null,
    createdAt: at,
    updatedAt: at,
  };
  state.orders.set(order.id, order);
  if (order.customerId !== null) {
    const list = state.customerOrders.get(order.customerId);
    if (list) list.push(order.id);
    else state.customerOrders.set(order.customerId, [order.id]);
  }
  emit(state, { kind: 'order', action: 'created', id: order.id, cause: options.cause ?? 'placeOrder', at });
  return order;
}

function customerDefaultAddress(state: StoreState, customerId: number | null) {
  if (customerId === null) return null;
  const customer = state.customers.get(customerId);
  if (!customer || customer.defaultAddressIndex === null) return null;
  return customer.addresses[customer.defaultAddressIndex] ?? null;
}

export function markPaid(state: StoreState, orderId: number): Order {
  const current = requireRecord(state.orders, 'order', orderId);
  if (current.cancelledAt) throw new SandboxStoreError('conflict', `Order ${orderId} is cancelled`);
  if (current.financialState !== 'pending' && current.financialState !== 'authorized') {
    throw new SandboxStoreError('conflict', `Order ${orderId} is already ${current.financialState}`);
  }
  const at = stamp(state);
  const order: Order = { ...current, financialState: 'paid', paidAt: at, updatedAt: at };
  state.orders.set(orderId, order);
  emit(state, { kind: 'order', action: 'updated', id: orderId, cause: 'markPaid', at });
  return order;
}

export function updateOrder(state: StoreState, orderId: number, input: UpdateOrderInput): Order {
  const current = requireRecord(state.orders, 'order', orderId);
  const at = stamp(state);
  const order: Order = {
    ...current,
    note: input.note ?? current.note,
    tags: input.tags ? [...input.tags] : current.tags,
    email: input.email !== undefined ? input.email : current.email,
    phone: input.phone !== undefined ? input.phone : current.phone,
    shippingAddress: input.shippingAddress !== undefined ? input.shippingAddress : current.shippingAddress,
    billingAddress: input.billingAddress !== undefined ? input.billingAddress : current.billingAddress,
    updatedAt: at,
  };
  state.orders.set(orderId, order);
  emit(state, { kind: 'order', action: 'updated', id: orderId, cause: 'updateOrder', at });
  return order;
}

/** Units of each line already refunded. */
export function refundedQuantities(order: Order): Map<number, number> {
  const totals = new Map<number, number>();
  for (const refund of order.refunds) {
    for (const line of refund.lines) totals.set(line.lineId, (totals.get(line.lineId) ?? 0) + line.quantity);
  }
  return totals;
}

/** Units of each line already shipped by a fulfillment that was not cancelled. */
export function fulfilledQuantities(order: Order): Map<number, number> {
  const totals = new Map<number, number>();
  for (const fulfillment of order.fulfillments) {
    if (fulfillment.status === 'cancelled') continue;
    for (const line of fulfillment.lines)
      totals.set(line.lineId, (totals.get(line.lineId) ?? 0) + line.quantity);
  }
  return totals;
}

function requireLine(order: Order, lineId: number): OrderLine {
  const line = order.lines.find((candidate) => candidate.id === lineId);
  if (!line) throw new SandboxStoreError('not_found', `Order ${order.id} has no line ${lineId}`);
  return line;
}

interface RefundPlan {
  lines: RefundLine[];
  shippingMinor: number;
  amountMinor: number;
}

function planRefund(order: Order, input: RefundOrderInput): RefundPlan {
  const currency = order.currency;
  const refundable = toMinor(order.total, currency) - toMinor(order.totalRefunded, currency);
  const refunded = refundedQuantities(order);
  const shippingPaid = order.shipping
    ? toMinor(order.shipping.price, currency) + toMinor(order.shipping.tax, currency)
    : 0;
  const shippingRefunded = order.refunds.reduce((sum, r) => sum + toMinor(r.shippingAmount, currency), 0);
  const full = input.lines === undefined && input.amount === undefined && input.shipping === undefined;

  const lineInputs: RefundLineInput[] = full
    ? order.lines
        .map((line) => ({
          lineId: line.id,
          quantity: line.quantity - (refunded.get(line.id) ?? 0),
          restock: true,
        }))
        .filter((line) => line.quantity > 0)
    : (input.lines ?? []);
  const lines = lineInputs.map((lineInput) => {
    requirePositiveInt(lineInput.quantity, 'Refund quantity');
    const line = requireLine(order, lineInput.lineId);
    const left = line.quantity - (refunded.get(line.id) ?? 0);
    if (lineInput.quantity > left) {
      throw new SandboxStoreError('conflict', `Line ${line.id} has only ${left} unit(s) left to refund`);
    }
    const net = toMinor(line.price, currency) * line.quantity - toMinor(line.discount, currency);
    const subtotal = Math.round((net * lineInput.quantity) / line.quantity);
    const tax = Math.round((toMinor(line.tax, currency) * lineInput.quantity) / line.quantity);
    return {
      lineId: line.id,
      quantity: lineInput.quantity,
      subtotal: fromMinor(subtotal, currency),
      tax: fromMinor(tax, currency),
      restock: lineInput.restock ?? true,
      minor: subtotal + tax,
    };
  });

  const shippingLeft = shippingPaid - shippingRefunded;
  let shippingMinor = 0;
  if (full || input.shipping === true) shippingMinor = shippingLeft;
  else if (typeof input.shipping === 'string') shippingMinor = toMinor(input.shipping, currency);
  if (shippingMinor > shippingLeft) {
    throw new SandboxStoreError(
      'conflict',
      `Only ${fromMinor(shippingLeft, currency)} shipping is left to refund`,
    );
  }

  const linesMinor = lines.reduce((sum, line) => sum + line.minor, 0);
  let amountMinor = input.amount !== undefined ? toMinor(input.amount, currency) : linesMinor + shippingMinor;
  // A full refund after an earlier bare-amount refund returns only what is left.
  if (full) amountMinor = Math.min(amountMinor, refundable);
  if (amountMinor <= 0 && lines.length === 0) throw new SandboxStoreError('conflict', 'Nothing to refund');
  if (amountMinor > refundable) {
    throw new SandboxStoreError(
      'conflict',
      `Refund of ${fromMinor(amountMinor, currency)} exceeds the ${fromMinor(refundable, currency)} left on order ${order.id}`,
    );
  }
  return {
    lines: lines.map(({ minor: _minor, ...line }) => line),
    shippingMinor,
    amountMinor,
  };
}

function applyRefund(
  state: StoreState,
  order: Order,
  plan: RefundPlan,
  reason: string,
  cause: StoreMutation,
  at: string,
): { order: Order; refund: Refund } {
  const currency = order.currency;
  const refund: Refund = {
    id: nextId(state, 'refund'),
    orderId: order.id,
    reason,
    amount: fromMinor(plan.amountMinor, currency),
    lines: plan.lines,
    shippingAmount: fromMinor(plan.shippingMinor, currency),
    createdAt: at,
  };
  for (const line of plan.lines) {
    if (!line.restock) continue;
    const orderLine = requireLine(order, line.lineId);
    if (orderLine.locationId === null || !state.variants.has(orderLine.variantId)) continue;
    if (!state.locations.has(orderLine.locationId)) continue;
    const level = findLevel(state, orderLine.variantId, orderLine.locationId);
    writeLevel(
      state,
      orderLine.variantId,
      orderLine.locationId,
      (level?.available ?? 0) + line.quantity,
      cause,
      at,
    );
  }
  const totalRefunded = toMinor(order.totalRefunded, currency) + plan.amountMinor;
  const financialState: FinancialState =
    totalRefunded >= toMinor(order.total, currency) ? 'refunded' : 'partially_refunded';
  const next: Order = {
    ...order,
    refunds: [...order.refunds, refund],
    totalRefunded: fromMinor(totalRefunded, currency),
    financialState,
    updatedAt: at,
  };
  return { order: { ...next, fulfillmentState: fulfillmentStateOf(next) }, refund };
}

export function refundOrder(state: StoreState, orderId: number, input: RefundOrderInput = {}): Refund {
  const current = requireRecord(state.orders, 'order', orderId);
  if (current.financialState !== 'paid' && current.financialState !== 'partially_refunded') {
    throw new SandboxStoreError(
      'conflict',
      `Order ${orderId} is ${current.financialState}; nothing to refund`,
    );
  }
  const plan = planRefund(current, input);
  const at = stamp(state);
  const { order, refund } = applyRefund(state, current, plan, input.reason ?? '', 'refundOrder', at);
  state.orders.set(orderId, order);
  emit(state, {
    kind: 'order',
    action: 'updated',
    id: orderId,
    cause: 'refundOrder',
    at,
    related: { kind: 'refund', id: refund.id },
  });
  return refund;
}

/** fulfilled when every unit is shipped or refunded; partially when some are. */
function fulfillmentStateOf(order: Order): FulfillmentState {
  const shipped = fulfilledQuantities(order);
  const refunded = refundedQuantities(order);
  let anyShipped = false;
  let allDone = true;
  for (const line of order.lines) {
    const sent = shipped.get(line.id) ?? 0;
    if (sent > 0) anyShipped = true;
    if (sent + (refunded.get(line.id) ?? 0) < line.quantity) allDone = false;
  }
  if (anyShipped && allDone) return 'fulfilled';
  return anyShipped ? 'partially_fulfilled' : 'unfulfilled';
}

export function fulfillOrder(state: StoreState, orderId: number, input: FulfillOrderInput = {}): Fulfillment {
  const current = requireRecord(state.orders, 'order', orderId);
  if (current.cancelledAt) throw new SandboxStoreError('conflict', `Order ${orderId} is cancelled`);
  if (input.locationId != null) requireRecord(state.locations, 'location', input.locationId);
  const shipped = fulfilledQuantities(current);
  const refunded = refundedQuantities(current);
  const open = (lineId: number) => {
    const line = requireLine(current, lineId);
    return line.quantity - (shipped.get(lineId) ?? 0) - (refunded.get(lineId) ?? 0);
  };
  const lines = (
    input.lines ?? current.lines.map((line) => ({ lineId: line.id, quantity: open(line.id) }))
  ).filter((line) => input.lines !== undefined || line.quantity > 0);
  for (const line of lines) {
    requirePositiveInt(line.quantity, 'Fulfillment quantity');
    if (line.quantity > open(line.lineId)) {
      throw new SandboxStoreError(
        'conflict',
        `Line ${line.lineId} has only ${open(line.lineId)} unit(s) to fulfil`,
      );
    }
  }
  if (lines.length === 0)
    throw new SandboxStoreError('conflict', `Order ${orderId} has nothing left to fulfil`);
  const at = stamp(state);
  const fulfillment: Fulfillment = {
    id: nextId(state, 'fulfillment'),
    orderId,
    status: input.status ?? (input.trackingNumber ? 'in_transit' : 'pending'),
    carrier: input.carrier ?? null,
    trackingNumber: input.trackingNumber ?? null,
    trackingUrl: input.trackingUrl ?? null,
    locationId: input.locationId ?? requireLine(current, lines[0]!.lineId).locationId,
    lines: lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity })),
    deliveredAt: null,
    createdAt: at,
    updatedAt: at,
  };
  const next: Order = { ...current, fulfillments: [...current.fulfillments, fulfillment], updatedAt: at };
  const fulfillmentState = fulfillmentStateOf(next);
  const order: Order = {
    ...next,
    fulfillmentState,
    closedAt: fulfillmentState === 'fulfilled' ? (current.closedAt ?? at) : current.closedAt,
  };
  state.orders.set(orderId, order);
  emit(state, {
    kind: 'order',
    action: 'updated',
    id: orderId,
    cause: 'fulfillOrder',
    at,
    related: { kind: 'fulfillment', id: fulfillment.id },
  });
  return fulfillment;
}

export function markDelivered(state: StoreState, orderId: number, fulfillmentId: number): Fulfillment {
  const current = requireRecord(state.orders, 'order', orderId);
  const existing = current.fulfillments.find((candidate) => candidate.id === fulfillmentId);
  if (!existing)
    throw new SandboxStoreError('not_found', `Order ${orderId} has no fulfillment ${fulfillmentId}`);
  if (existing.status === 'cancelled' || existing.status === 'delivered') {
    throw new SandboxStoreError('conflict', `Fulfillment ${fulfillmentId} is ${existing.status}`);
  }
  const at = stamp(state);
  const fulfillment: Fulfillment = { ...existing, status: 'delivered', deliveredAt: at, updatedAt: at };
  const order: Order = {
    ...current,
    fulfillments: current.fulfillments.map((f) => (f.id === fulfillmentId ? fulfillment : f)),
    updatedAt: at,
  };
  state.orders.set(orderId, order);
  emit(state, {
    kind: 'order',
    action: 'updated',
    id: orderId,
    cause: 'markDelivered',
    at,
    related: { kind: 'fulfillment', id: fulfillmentId },
  });
  return fulfillment;
}

export function cancelOrder(state: StoreState, orderId: number, input: CancelOrderInput = {}): Order {
  const current = requireRecord(state.orders, 'order', orderId);
  if (current.cancelledAt) throw new SandboxStoreError('conflict', `Order ${orderId} is already cancelled`);
  if (current.fulfillmentState === 'fulfilled') {
    throw new SandboxStoreError('conflict', `Order ${orderId} is fulfilled and cannot be cancelled`);
  }
  const at = stamp(state);
  const restock = input.restock ?? true;
  let order = current;
  let refundId: number | undefined;
  const paid = current.financialState === 'paid' || current.financialState === 'partially_refunded';
  if (paid && (input.refund ?? true)) {
    const shipped = fulfilledQuantities(current);
    const refunded = refundedQuantities(current);
    const lines = current.lines
      .map((line) => ({
        lineId: line.id,
        quantity: line.quantity - (refunded.get(line.id) ?? 0) - (shipped.get(line.id) ?? 0),
        restock,
      }))
      .filter((line) => line.quantity > 0);
    const left = toMinor(current.total, current.currency) - toMinor(current.totalRefunded, current.currency);
    if (left > 0) {
      // Cancelling returns all money still held, whatever the line arithmetic says.
      const plan = planRefund(current, { lines, shipping: true, amount: fromMinor(left, current.currency) });
      const result = applyRefund(state, current, plan, 'Order cancelled', 'cancelOrder', at);
      order = result.order;
      refundId = result.refund.id;
    }
  } else if (restock) {
    const shipped = fulfilledQuantities(current);
    for (const line of current.lines) {
      const units = line.quantity - (shipped.get(line.id) ?? 0);
      if (units <= 0 || line.locationId === null || !state.variants.has(line.variantId)) continue;
      const level = findLevel(state, line.variantId, line.locationId);
      writeLevel(state, line.variantId, line.locationId, (level?.available ?? 0) + units, 'cancelOrder', at);
    }
  }
  const financialState: FinancialState =
    current.financialState === 'pending' || current.financialState === 'authorized'
      ? 'voided'
      : order.financialState;
  order = {
    ...order,
    financialState,
    cancelReason: input.reason ?? 'customer',
    cancelledAt: at,
    closedAt: current.closedAt ?? at,
    updatedAt: at,
  };
  state.orders.set(orderId, order);
  emit(state, {
    kind: 'order',
    action: 'updated',
    id: orderId,
    cause: 'cancelOrder',
    at,
    ...(refundId === undefined ? {} : { related: { kind: 'refund' as const, id: refundId } }),
  });
  return order;
}
