import { z } from 'zod';
import { Duration } from '../definition/duration';
import { isTimeZone } from '../definition/validate-workflow';
import { GovernanceInputError } from './errors';

/** What a channel delivers to; consent, smart sending, caps and quiet hours are configured per kind. */
export const ChannelKind = z.enum(['email', 'sms', 'push', 'onsite', 'ads', 'webhook']);
export type ChannelKind = z.infer<typeof ChannelKind>;

const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)')
  .describe('Local wall-clock time, HH:MM.');

export const FrequencyCap = z
  .object({
    /** Channel kinds counted together; `all` counts every channel (a cap across channels). */
    channels: z.union([z.literal('all'), z.array(ChannelKind).min(1)]),
    /** At most this many messages in the window (0 blocks the channels). */
    max: z.number().int().min(0),
    window: Duration,
    /** `workflow`: only messages of the same workflow count. */
    scope: z.enum(['customer', 'workflow']).default('customer'),
    /** Count (and limit) only messages carrying an offer. */
    promoOnly: z.boolean().default(false),
  })
  .describe('At most `max` messages on `channels` within a sliding `window`.');
export type FrequencyCap = z.infer<typeof FrequencyCap>;

export const GovernancePolicy = z
  .object({
    consent: z.object({
      /** Email and SMS need the platform's marketing consent `subscribed`; every kind honours unsubscribes. */
      enabled: z.boolean(),
    }),
    suppressAfter: z.object({
      /** No message within this long after the customer's last purchase; null turns the rule off. */
      purchase: Duration.nullable(),
      refund: Duration.nullable(),
      /** No message while the customer has an open support case. */
      openSupportCase: z.boolean(),
    }),
    caps: z.array(FrequencyCap),
    /** Skip a message when the customer got any message on that channel kind within the duration. */
    smartSending: z.partialRecord(ChannelKind, Duration.nullable()),
    /** Sends on `channels` inside [start, end) in the customer's time zone wait until `end`. */
    quietHours: z
      .object({
        start: LocalTime,
        end: LocalTime,
        channels: z.array(ChannelKind),
        fallbackTimeZone: z.string().refine(isTimeZone, 'expected an IANA time zone'),
      })
      .nullable(),
    promoPressure: z.object({
      /** Discount messages received within this window count as promo pressure. */
      window: Duration,
      /** Refuse a discount message once the pressure reaches this; null only measures. */
      max: z.number().int().min(0).nullable(),
    }),
    doubleDiscount: z.object({
      /** One active offer per customer: a discount message is refused while another run's offer is active. */
      enabled: z.boolean(),
      /** How long an offer sent stays active. */
      activeFor: Duration,
    }),
  })
  .describe('Send-time rules of a tenant (or the result of a workflow override applied to them).');
export type GovernancePolicy = z.infer<typeof GovernancePolicy>;

/** A per-workflow override: any top-level rule replaced or partly changed; `caps` is replaced as a whole. */
export const GovernanceOverride = z.object({
  consent: GovernancePolicy.shape.consent.partial().optional(),
  suppressAfter: GovernancePolicy.shape.suppressAfter.partial().optional(),
  caps: GovernancePolicy.shape.caps.optional(),
  smartSending: GovernancePolicy.shape.smartSending.optional(),
  quietHours: GovernancePolicy.shape.quietHours.optional(),
  promoPressure: GovernancePolicy.shape.promoPressure.partial().optional(),
  doubleDiscount: GovernancePolicy.shape.doubleDiscount.partial().optional(),
});
export type GovernanceOverride = z.infer<typeof GovernanceOverride>;

/**
 * Defaults: consent required; smart sending 16 h for email and 24 h for SMS and push (Klaviyo's documented
 * defaults); no sends after a refund for 14 days or during an open support case; SMS and push held back
 * between 21:00 and 08:00 local time; one active offer (7 days) per customer; promo pressure measured over
 * 7 days but not limited; no frequency caps until configured.
 */
export const DEFAULT_GOVERNANCE_POLICY: GovernancePolicy = {
  consent: { enabled: true },
  suppressAfter: { purchase: null, refund: 'P14D', openSupportCase: true },
  caps: [],
  smartSending: { email: 'PT16H', sms: 'PT24H', push: 'PT24H' },
  quietHours: { start: '21:00', end: '08:00', channels: ['sms', 'push'], fallbackTimeZone: 'UTC' },
  promoPressure: { window: 'P7D', max: null },
  doubleDiscount: { enabled: true, activeFor: 'P7D' },
};

/** The tenant policy with a workflow override applied. */
export function applyOverride(
  policy: GovernancePolicy,
  override: GovernanceOverride | null,
): GovernancePolicy {
  if (!override) return policy;
  return {
    consent: { ...policy.consent, ...override.consent },
    suppressAfter: { ...policy.suppressAfter, ...override.suppressAfter },
    caps: override.caps ?? policy.caps,
    smartSending: { ...policy.smartSending, ...override.smartSending },
    quietHours: override.quietHours === undefined ? policy.quietHours : override.quietHours,
    promoPressure: { ...policy.promoPressure, ...override.promoPressure },
    doubleDiscount: { ...policy.doubleDiscount, ...override.doubleDiscount },
  };
}

function issuesOf(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/**
 * A full policy from input where omitted rules take the defaults.
 * @throws GovernanceInputError
 */
export function parsePolicy(input: unknown): GovernancePolicy {
  const parsed = GovernanceOverride.safeParse(input);
  if (!parsed.success) throw new GovernanceInputError('Invalid governance policy', issuesOf(parsed.error));
  return applyOverride(DEFAULT_GOVERNANCE_POLICY, parsed.data);
}

/** @throws GovernanceInputError */
export function parseOverride(input: unknown): GovernanceOverride {
  const parsed = GovernanceOverride.safeParse(input);
  if (!parsed.success) throw new GovernanceInputError('Invalid governance override', issuesOf(parsed.error));
  return parsed.data;
}
