import { describe, expect, it } from 'vitest';
import { AttributionInputError, attributeOrders, type Touch } from './attribute';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date('2026-03-02T10:00:00Z').getTime();
const at = (ms: number) => new Date(T0 + ms);

interface ReportTouch extends Touch {
  readonly workflowKey: string;
  readonly variant: string | null;
}

function touch(
  messageId: string,
  channel: string,
  interaction: Touch['interaction'],
  ms: number,
  customerKey = 'cus_1',
): ReportTouch {
  return { messageId, customerKey, channel, interaction, at: at(ms), workflowKey: 'cart', variant: 'b' };
}

const order = (orderId: string, ms: number, customerKey = 'cus_1') => ({ orderId, customerKey, at: at(ms) });

describe('attributeOrders', () => {
  it('credits the most recent touch within its window and carries the report fields', () => {
    const [result] = attributeOrders(
      [order('ord_1', 3 * DAY)],
      [touch('msg_email', 'email', 'clicked', 0), touch('msg_push', 'push', 'opened', 2 * DAY + 12 * HOUR)],
    );
    expect(result).toMatchObject({
      order: { orderId: 'ord_1' },
      touch: { messageId: 'msg_push', variant: 'b' },
    });
    expect(result!.lagMs).toBe(12 * HOUR);
  });

  it('uses the default windows: email open or click 5 days, SMS click 5 days, SMS open 1 day, push open 24 h', () => {
    const cases: [string, Touch['interaction'], number, boolean][] = [
      ['email', 'opened', 5 * DAY, true],
      ['email', 'clicked', 5 * DAY + 1, false],
      ['sms', 'clicked', 4 * DAY, true],
      ['sms', 'opened', DAY, true],
      ['sms', 'opened', DAY + HOUR, false],
      ['push', 'opened', 23 * HOUR, true],
      ['push', 'opened', 25 * HOUR, false],
      ['email', 'received', HOUR, false],
      ['webhook', 'clicked', HOUR, false],
    ];
    for (const [channel, interaction, lag, credited] of cases) {
      const result = attributeOrders([order('ord', lag)], [touch('msg', channel, interaction, 0)]);
      expect({ channel, interaction, lag, credited: result.length === 1 }).toEqual({
        channel,
        interaction,
        lag,
        credited,
      });
    }
  });

  it('falls back to an older touch whose window still covers the order', () => {
    // The SMS open 2 days ago is out of its 1-day window; the email click 3 days ago is within 5 days.
    const [result] = attributeOrders(
      [order('ord_1', 5 * DAY)],
      [touch('msg_email', 'email', 'clicked', 2 * DAY), touch('msg_sms', 'sms', 'opened', 3 * DAY)],
    );
    expect(result?.touch.messageId).toBe('msg_email');
  });

  it('ignores touches after the order and other customers, and credits one message per order', () => {
    const results = attributeOrders(
      [order('ord_1', DAY), order('ord_2', 2 * DAY), order('ord_3', DAY, 'cus_2')],
      [
        touch('msg_1', 'email', 'opened', 0),
        touch('msg_1', 'email', 'clicked', 0),
        touch('msg_late', 'email', 'clicked', DAY + HOUR),
        touch('msg_other', 'email', 'clicked', 0, 'cus_3'),
      ],
    );
    expect(results.map((r) => [r.order.orderId, r.touch.messageId, r.touch.interaction])).toEqual([
      ['ord_1', 'msg_1', 'clicked'],
      ['ord_2', 'msg_late', 'clicked'],
    ]);
  });

  it('takes configured windows, including receipt, and refuses invalid ones', () => {
    const windows = { email: { received: 'P1D' }, sms: { clicked: 'PT2H' } };
    expect(
      attributeOrders([order('o', 20 * HOUR)], [touch('m', 'email', 'received', 0)], windows),
    ).toHaveLength(1);
    expect(attributeOrders([order('o', 3 * HOUR)], [touch('m', 'sms', 'clicked', 0)], windows)).toHaveLength(
      0,
    );
    expect(() => attributeOrders([], [], { email: { opened: 'five days' } })).toThrow(AttributionInputError);
    expect(() => attributeOrders([], [], { email: { opened: 'PT0S' } })).toThrow(
      /email\.opened: Not an ISO-8601 duration/,
    );
  });
});
