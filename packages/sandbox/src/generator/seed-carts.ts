import type { Address } from '../store/types';
import {
  DAY,
  emailSafe,
  type GeneratorContext,
  HOUR,
  MINUTE,
  personName,
  randomAddress,
  randomCountry,
} from './context';

/**
 * Carts that did not convert at once: abandoned ones (with a registered customer, a guest email, or
 * no contact at all), a few recovered days later, and open ones from the last hours.
 */
export function seedCarts(ctx: GeneratorContext): void {
  const { random, store, timeline, start, now, profile } = ctx;
  const openCarts = Math.max(1, Math.ceil(profile.unconvertedCarts * 0.06));
  for (let index = 0; index < profile.unconvertedCarts; index++) {
    const recent = index >= profile.unconvertedCarts - openCarts;
    const at = recent ? now - random.int(5, 100) * MINUTE : random.int(start, now - 4 * HOUR);
    const contactDraw = random.next();
    const planned = contactDraw < 0.45 ? random.pick(ctx.customers) : null;
    const registered = planned !== null && planned.createdAt < at ? planned : null;
    const country = registered?.country ?? randomCountry(random, ctx.home);
    const name = personName(random);
    const guestEmail =
      registered === null && contactDraw < 0.75
        ? `${emailSafe(name.firstName, 'shopper')}.${emailSafe(name.lastName, 'cart')}.c${index + 1}@guest.example`
        : null;
    const shippingAddress: Address | null =
      guestEmail && random.chance(0.5) ? randomAddress(random, country, name, '') : null;
    const lineCount = random.int(1, 3);
    const lines = Array.from({ length: lineCount }, () => ({
      variantId: ctx.pickVariant(at),
      quantity: random.int(1, 2),
    }));
    const unique = [...new Map(lines.map((line) => [line.variantId, line])).values()];
    const ref: { id: number | undefined } = { id: undefined };

    timeline.schedule(at, () => {
      ref.id = store.createCart({
        customerId: registered?.id ?? null,
        ...(registered ? {} : { email: guestEmail }),
        lines: unique,
        shippingAddress,
      }).id;
    });
    const editAt = at + random.int(1, 20) * MINUTE;
    if (random.chance(0.3) && editAt < now) {
      const extra = { variantId: ctx.pickVariant(editAt), quantity: 1 };
      timeline.schedule(editAt, () => {
        const cart = store.getCart(ref.id!)!;
        if (cart.status !== 'open' || !store.getVariant(extra.variantId)) return;
        const kept = cart.lines.filter(
          (line) => store.getVariant(line.variantId) && line.variantId !== extra.variantId,
        );
        store.updateCart(cart.id, {
          lines: [...kept.map((line) => ({ variantId: line.variantId, quantity: line.quantity })), extra],
        });
      });
    }
    const abandonAt = at + random.int(1, 3) * HOUR;
    if (abandonAt >= now) continue;
    timeline.schedule(abandonAt, () => {
      const cart = store.getCart(ref.id!)!;
      if (cart.status === 'open') store.abandonCart(cart.id);
    });
    const recoverAt = abandonAt + random.int(1, 3) * DAY;
    if (random.chance(0.08) && recoverAt < now) {
      timeline.schedule(recoverAt, () => {
        const cart = store.getCart(ref.id!)!;
        if (cart.status !== 'abandoned' || cart.lines.some((line) => !store.getVariant(line.variantId)))
          return;
        if (cart.email === null && cart.customerId === null) return;
        store.convertCart(cart.id, {
          taxRate: country.taxRate,
          shipping: { title: 'Standard', code: 'standard', price: '0' },
          discountCodes: [{ code: 'COMEBACK10', type: 'percentage', value: '10' }],
          billingAddress: shippingAddress ?? undefined,
        });
      });
    }
  }
}
