import { durationMs } from '../definition/duration';
import { InvalidDurationError } from '../errors';

/** What the customer did with a message; the window that makes an order count starts there. */
export type Interaction = 'received' | 'opened' | 'clicked';

/**
 * One interaction with one message, as the message log and delivery status record it. The other fields
 * (workflow, version, step, branch, variant, segment) travel through to the attribution for reports.
 */
export interface Touch {
  readonly messageId: string;
  readonly customerKey: string;
  /** `email`, `sms`, `push`, … (the governance channel kinds). */
  readonly channel: string;
  readonly interaction: Interaction;
  readonly at: Date;
}

export interface AttributableOrder {
  readonly orderId: string;
  readonly customerKey: string;
  /** When the order was placed. */
  readonly at: Date;
}

/** Per channel, how long after each interaction an order is credited to the message (ISO-8601 durations). */
export type AttributionWindows = Readonly<Record<string, Partial<Record<Interaction, string>>>>;

/**
 * The market's usual windows: 5 days after an email open or click, 5 days after an SMS click, 1 day after
 * an SMS open, 24 hours after a push open. Mere receipt credits nothing unless a window is configured
 * for it (e.g. `{ email: { received: 'P1D' } }`), and channels without an entry are never credited.
 */
export const DEFAULT_ATTRIBUTION_WINDOWS: AttributionWindows = {
  email: { opened: 'P5D', clicked: 'P5D' },
  sms: { opened: 'P1D', clicked: 'P5D' },
  push: { opened: 'PT24H' },
};

export interface Attribution<T extends Touch> {
  readonly order: AttributableOrder;
  /** The most recent touch whose window covers the order. */
  readonly touch: T;
  /** Time from the touch to the order, in milliseconds. */
  readonly lagMs: number;
}

export type AttributionInputErrorCode = 'invalid_attribution_input';

/** A window that is not a positive ISO-8601 duration (zero is refused too), or an unknown interaction. */
export class AttributionInputError extends Error {
  readonly code: AttributionInputErrorCode = 'invalid_attribution_input';
  override readonly name = 'AttributionInputError';
}

/** Later interactions of the same moment win ties: a click says more than the open it came with. */
const INTERACTION_RANK: Record<Interaction, number> = { received: 0, opened: 1, clicked: 2 };

/**
 * Last-touch attribution: each order goes to the most recent message the same customer received,
 * opened or clicked at or before the order, within that channel and interaction's window; orders with
 * no such touch are unattributed (absent from the result). Several orders may credit one message; an
 * order credits one message at most. Touches of other customers never count, so pass one tenant's data.
 * @throws AttributionInputError for a window that is not a positive ISO-8601 duration
 * @example attributeOrders(orders, touches) // default windows
 */
export function attributeOrders<T extends Touch>(
  orders: readonly AttributableOrder[],
  touches: readonly T[],
  windows: AttributionWindows = DEFAULT_ATTRIBUTION_WINDOWS,
): Attribution<T>[] {
  const windowMs = parseWindows(windows);
  const byCustomer = new Map<string, T[]>();
  for (const touch of touches) {
    if (windowMs.get(touch.channel)?.get(touch.interaction) === undefined) continue;
    const list = byCustomer.get(touch.customerKey);
    if (list) list.push(touch);
    else byCustomer.set(touch.customerKey, [touch]);
  }
  for (const list of byCustomer.values()) {
    list.sort(
      (a, b) =>
        b.at.getTime() - a.at.getTime() ||
        INTERACTION_RANK[b.interaction] - INTERACTION_RANK[a.interaction] ||
        a.messageId.localeCompare(b.messageId),
    );
  }
  const attributions: Attribution<T>[] = [];
  for (const order of orders) {
    const candidates = byCustomer.get(order.customerKey);
    if (!candidates) continue;
    const orderAt = order.at.getTime();
    // Newest first: the first touch at or before the order whose window still covers it wins.
    for (const touch of candidates) {
      const lagMs = orderAt - touch.at.getTime();
      if (lagMs < 0) continue;
      if (lagMs <= windowMs.get(touch.channel)!.get(touch.interaction)!) {
        attributions.push({ order, touch, lagMs });
        break;
      }
    }
  }
  return attributions;
}

function parseWindows(windows: AttributionWindows): Map<string, Map<Interaction, number>> {
  const parsed = new Map<string, Map<Interaction, number>>();
  for (const [channel, byInteraction] of Object.entries(windows)) {
    const map = new Map<Interaction, number>();
    for (const [interaction, duration] of Object.entries(byInteraction) as [
      Interaction,
      string | undefined,
    ][]) {
      if (duration === undefined) continue;
      if (!(interaction in INTERACTION_RANK))
        throw new AttributionInputError(`unknown interaction ${JSON.stringify(interaction)} for ${channel}`);
      let ms: number;
      try {
        ms = durationMs(duration);
      } catch (error) {
        if (error instanceof InvalidDurationError)
          throw new AttributionInputError(`${channel}.${interaction}: ${error.message}`);
        throw error;
      }
      map.set(interaction, ms);
    }
    parsed.set(channel, map);
  }
  return parsed;
}
