import type { EventEnvelope, Variant } from '@cartwire/model';
import { customerOfEvent, type EvaluationContext, recordsOfEvent } from '../evaluate/context';
import { itemVariantIds } from '../evaluate/live-checks';
import type { LiveData } from './live-data';

/**
 * The context an event starts a run in: the records it carries, plus its customer, variant and product
 * read from live data, and the variants of its lines (costs, stock). `customerId` overrides the event's.
 */
export async function loadEntryContext(
  event: EventEnvelope,
  liveData: LiveData,
  now: Date,
  options: { customerId?: string } = {},
): Promise<EvaluationContext> {
  const carried = recordsOfEvent(event);
  const who = customerOfEvent(event);
  const customerId =
    options.customerId ??
    carried.customer?.id ??
    carried.cart?.customerId ??
    carried.order?.customerId ??
    who.customerId;
  const productId = carried.product?.id ?? carried.variant?.productId ?? stringField(event, 'productId');
  const variantId = carried.variant?.id ?? stringField(event, 'variantId');
  const [customer, variant, product] = await Promise.all([
    customerId ? liveData.customer(event.tenantId, customerId) : null,
    !carried.variant && variantId ? liveData.variant(event.tenantId, variantId) : carried.variant,
    productId ? liveData.product(event.tenantId, productId) : null,
  ]);
  const context: EvaluationContext = {
    event,
    customer: customer ?? carried.customer,
    cart: carried.cart,
    order: carried.order,
    variant,
    product: product ?? carried.product,
    variants: new Map(),
    now,
  };
  context.variants = await loadVariants(event.tenantId, context, liveData);
  return context;
}

/** Current variants of the context's items (lines or the run's variant), by id. */
export async function loadVariants(
  tenantId: string,
  context: EvaluationContext,
  liveData: LiveData,
): Promise<Map<string, Variant>> {
  const found = await Promise.all(itemVariantIds(context).map((id) => liveData.variant(tenantId, id)));
  const variants = new Map<string, Variant>();
  if (context.variant) variants.set(context.variant.id, context.variant);
  for (const variant of found) if (variant) variants.set(variant.id, variant);
  return variants;
}

function stringField(event: EventEnvelope, name: string): string | null {
  const value = (event.data as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' ? value : null;
}
