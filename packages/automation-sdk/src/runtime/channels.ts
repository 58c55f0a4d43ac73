import { createHmac, randomBytes } from 'node:crypto';
import type { Action } from '../definition/workflow-definition';
import { StepFailedError } from '../errors';
import type { MessageDraft } from '../evaluate/plan';

/** Where a message or action comes from, carried on every delivery for reporting and attribution. */
export interface StepOrigin {
  tenantId: string;
  storeId: string;
  workflowId: string;
  workflowKey: string;
  version: number;
  runId: string;
  nodeId: string;
  /** Split arms the run took so far, by split node id. */
  variants: Record<string, string>;
  /**
   * The run's experiment arm. A `holdout` message must be recorded but never delivered: the runtime hands
   * it only to channels that record holdouts (`recordsHoldout`), and skips the send otherwise.
   * @default 'treatment'
   */
  arm?: 'holdout' | 'treatment';
  /**
   * The message log id, once a governed channel recorded the send: hosted tracking links and the
   * interactions API name the message by it.
   */
  messageId?: string;
  /**
   * Same for every attempt of the same step: receivers and providers deduplicate on it, so a step retried
   * after a crash between delivery and bookkeeping is delivered once.
   */
  idempotencyKey: string;
}

export interface OutboundMessage extends MessageDraft {
  origin: StepOrigin;
}

/**
 * A way to deliver messages (the channels issue adds email, SMS, push, ads audiences). Throw
 * `StepFailedError` with `retryable: false` for a refusal that will not change on retry.
 */
export interface Channel {
  readonly name: string;
  /**
   * True for channels that record a holdout run's message without delivering it (governed channels log
   * it as `held_out` after the gate's checks); the runtime never hands a holdout message to others.
   */
  readonly recordsHoldout?: boolean;
  /** @returns the message id; `heldOut` when the message was recorded for a holdout run, not delivered */
  send(message: OutboundMessage): Promise<{ messageId: string; heldOut?: boolean }>;
}

/** In-process sink that records each message once per idempotency key (tests, demos, dry environments). */
export interface MemoryChannel extends Channel {
  readonly messages: readonly OutboundMessage[];
}

/** @example const sink = createMemoryChannel('webhook') */
export function createMemoryChannel(name = 'memory'): MemoryChannel {
  const messages: OutboundMessage[] = [];
  const byKey = new Map<string, string>();
  return {
    name,
    messages,
    async send(message) {
      const existing = byKey.get(message.origin.idempotencyKey);
      if (existing) return { messageId: existing };
      const messageId = `msg_${message.origin.idempotencyKey}`;
      byKey.set(message.origin.idempotencyKey, messageId);
      messages.push(message);
      return { messageId };
    },
  };
}

export interface SignedPostOptions {
  url: string;
  /** Standard Webhooks secret (`whsec_` + base64). */
  secret: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default 10_000 */
  timeoutMs?: number;
  /** @default () => new Date() */
  now?: () => Date;
}

/** A new Standard Webhooks secret. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * POSTs JSON signed the Standard Webhooks way (`webhook-id` is the idempotency key). 2xx succeeds; 408, 429
 * and 5xx or a network error are retryable; other 4xx are refusals that will not change.
 */
export async function postSigned(options: SignedPostOptions, id: string, body: unknown): Promise<void> {
  const text = JSON.stringify(body);
  const timestamp = Math.floor((options.now?.() ?? new Date()).getTime() / 1000).toString();
  const key = Buffer.from(options.secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${text}`).digest('base64');
  const doFetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': timestamp,
        'webhook-signature': `v1,${signature}`,
      },
      body: text,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new StepFailedError(`POST ${options.url} failed: ${(error as Error).message}`, true);
  }
  await response.body?.cancel();
  if (response.ok) return;
  const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
  throw new StepFailedError(`POST ${options.url} answered ${response.status}`, retryable);
}

/**
 * The first real channel: each message is POSTed as signed JSON to one endpoint (the user's own
 * sender, or Cartwire's outbound webhooks), until the channels issue adds email/SMS.
 */
export function createWebhookChannel(options: SignedPostOptions & { name?: string }): Channel {
  return {
    name: options.name ?? 'webhook',
    async send(message) {
      await postSigned(options, message.origin.idempotencyKey, { type: 'workflow.message', message });
      return { messageId: `msg_${message.origin.idempotencyKey}` };
    },
  };
}

/** The records an action concerns: ids only; the handler reads what else it needs. */
export interface ActionTarget {
  customerId: string | null;
  email: string | null;
  variantIds: string[];
  cartId: string | null;
  orderId: string | null;
}

export type ActionHandler<K extends Action['kind']> = (
  action: Extract<Action, { kind: K }>,
  target: ActionTarget,
  origin: StepOrigin,
) => Promise<void>;

/** Handlers per action kind; a kind without one parks the run with `no_action_handler`. */
export interface ActionHandlers {
  webhook?: ActionHandler<'webhook'>;
  audience?: ActionHandler<'audience'>;
  tag_customer?: ActionHandler<'tag_customer'>;
  support_task?: ActionHandler<'support_task'>;
  waitlist?: ActionHandler<'waitlist'>;
}

/** Webhook actions POST `{ action, target, origin }` signed with `secret` to the action's URL. */
export function createWebhookActionHandler(
  options: Omit<SignedPostOptions, 'url'>,
): ActionHandler<'webhook'> {
  return async (action, target, origin) => {
    await postSigned({ ...options, url: action.url }, origin.idempotencyKey, {
      type: 'workflow.action',
      action,
      target,
      origin,
    });
  };
}
