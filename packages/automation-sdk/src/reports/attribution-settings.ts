import { type Db, messagingSettings } from '@cartwire/storage';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AttributionWindows, DEFAULT_ATTRIBUTION_WINDOWS } from '../attribution/attribute';
import { Duration, durationMs } from '../definition/duration';
import { ChannelKind } from '../governance/policy';

/** Longest window accepted: beyond a quarter, "this message caused that order" stops meaning anything. */
const MAX_WINDOW_MS = 90 * 86_400_000;

const withinMax = (text: string) => {
  // Runs even when Duration already refused the text (refinements do not abort): not a duration is not
  // "too long" too.
  try {
    return durationMs(text) <= MAX_WINDOW_MS;
  } catch {
    return true;
  }
};

const Window = Duration.refine(withinMax, { message: 'at most 90 days (P90D)' });

const InteractionWindows = z
  .object({
    received: Window.optional().describe('After the message was delivered (credits without an open).'),
    opened: Window.optional().describe('After the message was opened.'),
    clicked: Window.optional().describe('After a link in the message was clicked.'),
  })
  .strict();

/**
 * How long after each interaction with a message an order is credited to it, per channel kind (ISO-8601
 * durations, at most P90D). A channel or interaction left out credits nothing. Replaces the defaults as a
 * whole: 5 days after an email open or click, 5 days after an SMS click, 1 day after an SMS open, 24 hours
 * after a push open.
 * @example AttributionSettings.parse({ windows: { email: { clicked: 'P7D' }, sms: { clicked: 'P1D' } } })
 */
export const AttributionSettings = z
  .object({
    windows: z
      .partialRecord(ChannelKind, InteractionWindows)
      .describe('Per channel kind (email, sms, push, onsite, ads, webhook): window per interaction.'),
  })
  .strict();
export type AttributionSettings = z.infer<typeof AttributionSettings>;
export type AttributionSettingsInput = z.input<typeof AttributionSettings>;

export interface StoredAttributionSettings {
  windows: AttributionWindows;
  /** True while the tenant has not set its own windows. */
  isDefault: boolean;
  updatedAt: Date | null;
}

/** The tenant's attribution windows, or the documented defaults. */
export async function getAttributionSettings(db: Db, tenantId: string): Promise<StoredAttributionSettings> {
  const [row] = await db
    .select({ attribution: messagingSettings.attribution, updatedAt: messagingSettings.updatedAt })
    .from(messagingSettings)
    .where(eq(messagingSettings.tenantId, tenantId));
  if (!row?.attribution) return { windows: DEFAULT_ATTRIBUTION_WINDOWS, isDefault: true, updatedAt: null };
  const parsed = AttributionSettings.parse(row.attribution);
  return { windows: parsed.windows as AttributionWindows, isDefault: false, updatedAt: row.updatedAt };
}

/**
 * Replaces the tenant's windows. The input must already have passed `AttributionSettings` (the REST edge
 * answers 422 with every issue otherwise); it is parsed again here so nothing unvalidated is stored.
 */
export async function setAttributionSettings(
  db: Db,
  tenantId: string,
  input: AttributionSettingsInput,
  now: Date,
): Promise<StoredAttributionSettings> {
  const settings = AttributionSettings.parse(input);
  const value = settings as unknown as Record<string, unknown>;
  await db
    .insert(messagingSettings)
    .values({ tenantId, attribution: value, updatedAt: now })
    .onConflictDoUpdate({
      target: messagingSettings.tenantId,
      set: { attribution: sql`excluded.attribution`, updatedAt: now },
    });
  return { windows: settings.windows as AttributionWindows, isDefault: false, updatedAt: now };
}
