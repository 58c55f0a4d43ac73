import {
  DAY,
  emailSafe,
  type GeneratorContext,
  HOUR,
  type PlannedCustomer,
  personName,
  randomAddress,
  randomCountry,
  randomPhone,
} from './context';
import { COUNTRIES, CUSTOMER_NOTES } from './vocabulary';

const EMAIL_DOMAINS = ['example.com', 'mail.example', 'inbox.example'] as const;

/**
 * Plans the customer base and schedules each sign-up on the timeline. Most customers join during
 * the history, some before it; consent mixes subscribed, never asked and later unsubscribed.
 */
export function seedCustomers(ctx: Omit<GeneratorContext, 'customers'>): PlannedCustomer[] {
  const { random, store, timeline, start, now, home } = ctx;
  const planned: PlannedCustomer[] = [];
  for (let index = 0; index < ctx.profile.customers; index++) {
    const createdAt = random.chance(0.15)
      ? start - random.int(1, 365) * DAY
      : random.int(start, now - 2 * HOUR);
    const country = randomCountry(random, home);
    const customer: PlannedCustomer = { createdAt, country, id: undefined };
    planned.push(customer);

    const name = personName(random);
    const phone = random.chance(0.65) ? randomPhone(random, country) : null;
    const email = `${emailSafe(name.firstName, 'customer')}.${emailSafe(name.lastName, 'shopper')}.${index + 1}@${random.pick(EMAIL_DOMAINS)}`;
    const addresses = [randomAddress(random, country, name, phone ?? '')];
    if (random.chance(0.15)) addresses.push(randomAddress(random, random.pick(COUNTRIES), name, phone ?? ''));
    const emailDraw = random.next();
    const emailState = emailDraw < 0.42 ? 'subscribed' : emailDraw < 0.5 ? 'unsubscribed' : 'not_subscribed';
    const smsSubscribed = phone !== null && random.chance(0.18);
    const note = random.pick(CUSTOMER_NOTES);
    const tags = [
      ...(emailState === 'subscribed' ? ['newsletter'] : []),
      ...(random.chance(0.03) ? ['wholesale'] : []),
    ];
    const at = new Date(createdAt).toISOString();
    timeline.schedule(createdAt, () => {
      customer.id = store.createCustomer({
        email,
        phone,
        ...name,
        locale: country.locale,
        timeZone: random.chance(0.85) ? country.timeZone : null,
        addresses,
        emailMarketing: {
          state: emailState,
          optInLevel:
            emailState === 'not_subscribed' ? null : random.pick(['single_opt_in', 'confirmed_opt_in']),
          consentUpdatedAt: emailState === 'not_subscribed' ? null : at,
        },
        smsMarketing: smsSubscribed
          ? { state: 'subscribed', optInLevel: 'single_opt_in', consentUpdatedAt: at }
          : { state: 'not_subscribed', optInLevel: null, consentUpdatedAt: null },
        tags,
        note,
        verifiedEmail: random.chance(0.9),
      }).id;
    });

    // Some subscribers leave later; the change carries its own consent timestamp.
    const earliestLeave = Math.max(createdAt, start) + HOUR;
    if (emailState === 'subscribed' && random.chance(0.08) && earliestLeave < now - HOUR) {
      const leaveAt = random.int(earliestLeave, now - HOUR);
      timeline.schedule(leaveAt, () => {
        const id = customer.id!;
        store.updateCustomer(id, {
          emailMarketing: { state: 'unsubscribed' },
          tags: store.getCustomer(id)!.tags.filter((tag) => tag !== 'newsletter'),
        });
      });
    }
  }
  return planned;
}
