import type { Db } from '@cartwire/storage';
import { sql } from 'drizzle-orm';
import {
  type AttributableOrder,
  type AttributionWindows,
  attributeOrders,
  type Interaction,
  type Touch,
} from '../attribution/attribute';
import { durationMs } from '../definition/duration';
import { jsonList, queryRows, toDate } from '../metrics/sql-rows';

/** The message an order is credited to, as the message log recorded it. */
export interface CreditedMessage {
  id: string;
  /** Channel name the step used, and the kind governance and windows apply to. */
  channel: string;
  channelKind: string;
  workflowId: string | null;
  workflowKey: string | null;
  runId: string | null;
  nodeId: string | null;
  arm: 'holdout' | 'treatment' | null;
  variants: Record<string, string>;
}

export interface AttributedOrder {
  orderId: string;
  /** The platform's order name or number, e.g. "#1001". */
  orderName: string | null;
  customerId: string | null;
  placedAt: Date;
  total: { amount: string; currency: string };
  message: CreditedMessage;
  /** What the customer last did with the message before ordering. */
  interaction: Interaction;
  interactedAt: Date;
  lagMs: number;
}

export interface AttributionQuery {
  tenantId: string;
  /** Orders placed at or after. */
  from: Date;
  /** Orders placed before. */
  to: Date;
  windows: AttributionWindows;
  /** Only orders credited to a message of this workflow (after last touch across every message). */
  workflowId?: string;
  /** Newest first; at most this many. @default all of them */
  limit?: number;
  /** Continue after this order (from the previous page's last). */
  after?: { placedAt: Date; orderId: string };
}

interface OrderRow extends Record<string, unknown> {
  id: string;
  name: string | null;
  customer_id: string | null;
  email: string | null;
  total: string;
  currency: string;
  created_at: unknown;
}

interface TouchRow extends Record<string, unknown> {
  id: string;
  channel_name: string;
  channel_kind: string;
  workflow_id: string | null;
  workflow_key: string | null;
  run_id: string | null;
  node_id: string | null;
  arm: 'holdout' | 'treatment' | null;
  variants: unknown;
  customer_id: string | null;
  email: string | null;
  interaction: Interaction;
  at: unknown;
}

interface MessageTouch extends Touch {
  message: CreditedMessage;
}

const BATCH = 500;

function longestWindowMs(windows: AttributionWindows): number {
  let longest = 0;
  for (const byInteraction of Object.values(windows))
    for (const duration of Object.values(byInteraction ?? {}))
      if (duration) longest = Math.max(longest, durationMs(duration));
  return longest;
}

const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;

/**
 * Last-touch attribution of the tenant's synced orders (`attributeOrders` over the message log and the
 * recorded opens and clicks). A message counts as received once its provider took it (`sent`,
 * `delivered`); held-out, refused and failed messages never reached anyone and credit nothing. Customers
 * are matched by customer id, and by email for orders and messages that only know an address.
 */
export async function listAttributions(db: Db, query: AttributionQuery): Promise<AttributedOrder[]> {
  const limit = query.limit ?? Number.POSITIVE_INFINITY;
  const found: AttributedOrder[] = [];
  let after = query.after ?? null;
  const lookBackMs = longestWindowMs(query.windows);
  for (;;) {
    const orders = await queryRows<OrderRow>(
      db,
      sql`select id, name, customer_id, lower(email) as email, total::text as total, currency, created_at
          from orders
          where tenant_id = ${query.tenantId} and deleted_at is null and cancelled_at is null
            and created_at >= ${query.from.toISOString()}::timestamptz
            and created_at < ${query.to.toISOString()}::timestamptz
            ${
              after
                ? sql`and (created_at, id) < (${after.placedAt.toISOString()}::timestamptz, ${after.orderId})`
                : sql``
            }
          order by created_at desc, id desc
          limit ${BATCH}`,
    );
    if (orders.length === 0) return found;
    const page = await attributeBatch(db, query, orders, lookBackMs);
    for (const attributed of page) {
      if (query.workflowId !== undefined && attributed.message.workflowId !== query.workflowId) continue;
      found.push(attributed);
      if (found.length >= limit) return found;
    }
    if (orders.length < BATCH) return found;
    const last = orders.at(-1) as OrderRow;
    after = { placedAt: toDate(last.created_at) as Date, orderId: last.id };
  }
}

async function attributeBatch(
  db: Db,
  query: AttributionQuery,
  orders: readonly OrderRow[],
  lookBackMs: number,
): Promise<AttributedOrder[]> {
  const customerIds = [...new Set(orders.flatMap((o) => (o.customer_id ? [o.customer_id] : [])))];
  const emails = [...new Set(orders.flatMap((o) => (o.email ? [o.email] : [])))];
  const placed = orders.map((o) => (toDate(o.created_at) as Date).getTime());
  const since = new Date(Math.min(...placed) - lookBackMs).toISOString();
  const until = new Date(Math.max(...placed)).toISOString();
  const ids = jsonList(customerIds);
  const mails = jsonList(emails);
  const recipientEmail = sql`lower(m.payload #>> '{message,recipient,email}')`;
  const whose = sql`(m.customer_id in (select jsonb_array_elements_text(${ids}::jsonb))
      or ${recipientEmail} in (select jsonb_array_elements_text(${mails}::jsonb)))`;
  const columns = sql`m.id, m.channel_name, m.channel_kind, m.workflow_id, m.workflow_key, m.run_id, m.node_id,
      m.arm, m.variants, m.customer_id, ${recipientEmail} as email`;
  const rows = await queryRows<TouchRow>(
    db,
    sql`select ${columns}, 'received' as interaction, coalesce(m.deliver_at, m.created_at) as at
        from message_log m
        where m.tenant_id = ${query.tenantId} and m.status in ('sent', 'delivered') and ${whose}
          and coalesce(m.deliver_at, m.created_at) between ${since}::timestamptz and ${until}::timestamptz
        union all
        select ${columns}, i.interaction, i.at
        from message_interactions i join message_log m on m.id = i.message_id
        where i.tenant_id = ${query.tenantId} and m.tenant_id = ${query.tenantId} and ${whose}
          and i.at between ${since}::timestamptz and ${until}::timestamptz`,
  );
  // One touch per identity the message reached, so an order matches by customer id or by email.
  const touches: MessageTouch[] = rows.flatMap((row) => {
    const message: CreditedMessage = {
      id: row.id,
      channel: row.channel_name,
      channelKind: row.channel_kind,
      workflowId: row.workflow_id,
      workflowKey: row.workflow_key,
      runId: row.run_id,
      nodeId: row.node_id,
      arm: row.arm,
      variants: (typeof row.variants === 'string' ? JSON.parse(row.variants) : row.variants) as Record<
        string,
        string
      >,
    };
    const base = {
      messageId: row.id,
      channel: row.channel_kind,
      interaction: row.interaction,
      at: toDate(row.at) as Date,
      message,
    };
    return [
      ...(row.customer_id ? [{ ...base, customerKey: row.customer_id }] : []),
      ...(row.email ? [{ ...base, customerKey: emailKey(row.email) }] : []),
    ];
  });
  const byId = new Map(orders.map((o) => [o.id, o]));
  const asAttributable = (o: OrderRow, key: string): AttributableOrder => ({
    orderId: o.id,
    customerKey: key,
    at: toDate(o.created_at) as Date,
  });
  // First by customer id; an order still unattributed is tried by its email (a guest's earlier messages).
  const first = attributeOrders(
    orders.flatMap((o) => {
      const key = o.customer_id ?? (o.email ? emailKey(o.email) : null);
      return key ? [asAttributable(o, key)] : [];
    }),
    touches,
    query.windows,
  );
  const credited = new Set(first.map((a) => a.order.orderId));
  const second = attributeOrders(
    orders.flatMap((o) =>
      !credited.has(o.id) && o.customer_id && o.email ? [asAttributable(o, emailKey(o.email))] : [],
    ),
    touches,
    query.windows,
  );
  return [...first, ...second]
    .map((a) => {
      const order = byId.get(a.order.orderId) as OrderRow;
      return {
        orderId: order.id,
        orderName: order.name,
        customerId: order.customer_id,
        placedAt: a.order.at,
        total: { amount: order.total, currency: order.currency },
        message: a.touch.message,
        interaction: a.touch.interaction,
        interactedAt: a.touch.at,
        lagMs: a.lagMs,
      };
    })
    .sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime() || (a.orderId < b.orderId ? 1 : -1));
}
