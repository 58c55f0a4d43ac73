import { describe, expect, it } from 'vitest';
import { toOrder } from './map/map-order';
import { WooWebhook } from './raw/raw-admin';
import { WooOrder, WooOrderRecord } from './raw/raw-order';
import { fixture, fixtureText } from './test-fixtures/read-fixture';
import {
  isWooWebhookPing,
  verifyWooWebhook,
  WOO_WEBHOOK_TOPICS,
  wooWebhookRecord,
  wooWebhookSignature,
  wooWebhooks,
} from './webhooks';

const SECRET = 'wh-secret-&-quotes';
const encoder = new TextEncoder();

function delivery(body: string, headers: Record<string, string>) {
  return { rawBody: encoder.encode(body), headers: new Headers(headers) };
}

describe('WooCommerce webhook verification', () => {
  const body = fixtureText('webhook-order.created.body.json');
  const signature = wooWebhookSignature(body, SECRET);

  it('accepts the base64 HMAC-SHA256 of the raw body of webhook-order.created.body.json', () => {
    const input = delivery(body, {
      'X-WC-Webhook-Signature': signature,
      'X-WC-Webhook-Topic': 'order.created',
    });
    expect(verifyWooWebhook({ ...input, secret: SECRET })).toEqual({ valid: true });
  });

  it('rejects a body changed by one byte, a wrong secret, a missing signature or secret', () => {
    const tampered = delivery(body.replace('29.35', '29.36'), { 'X-WC-Webhook-Signature': signature });
    expect(verifyWooWebhook({ ...tampered, secret: SECRET })).toEqual({
      valid: false,
      reason: 'signature_mismatch',
    });
    const signed = delivery(body, { 'X-WC-Webhook-Signature': signature });
    expect(verifyWooWebhook({ ...signed, secret: 'other' })).toEqual({
      valid: false,
      reason: 'signature_mismatch',
    });
    expect(verifyWooWebhook({ ...delivery(body, {}), secret: SECRET })).toEqual({
      valid: false,
      reason: 'missing_signature',
    });
    expect(verifyWooWebhook({ ...signed, secret: '' })).toEqual({ valid: false, reason: 'missing_secret' });
  });

  it('rejects a signature of a different length without throwing', () => {
    const input = delivery(body, { 'X-WC-Webhook-Signature': 'c2hvcnQ=' });
    expect(verifyWooWebhook({ ...input, secret: SECRET })).toEqual({
      valid: false,
      reason: 'signature_mismatch',
    });
  });

  it('reads topic and delivery id from the headers', () => {
    const input = delivery(body, {
      'X-WC-Webhook-Topic': 'order.created',
      'X-WC-Webhook-Delivery-ID': 'd41d8cd9',
    });
    expect(wooWebhooks.topic(input)).toBe('order.created');
    expect(wooWebhooks.deliveryId(input, JSON.parse(body))).toBe('d41d8cd9');
  });
});

describe('WooCommerce webhook payloads', () => {
  it('maps an order.created body exactly like the REST order it copies', () => {
    const record = WooOrderRecord.parse(
      wooWebhookRecord(fixture('webhook-order.created.body.json'), 'order.created'),
    );
    const rest = { order: WooOrder.parse(fixture('order.retrieve.response.json')), refundDetails: null };
    expect(toOrder(record, 'sto_woo1')).toEqual(toOrder(rest, 'sto_woo1'));
    expect(WOO_WEBHOOK_TOPICS['order.created']).toEqual({
      entity: 'order',
      action: 'upsert',
      stream: 'orders',
    });
  });

  it('treats webhook-order.deleted.body.json as a delete carrying only the id', () => {
    const body = fixture('webhook-order.deleted.body.json');
    expect(wooWebhookRecord(body, 'order.deleted')).toEqual({ id: 727 });
    expect(WOO_WEBHOOK_TOPICS['order.deleted']).toEqual({ entity: 'order', action: 'delete' });
  });

  it('recognises the form-encoded creation ping and nothing else as a ping', () => {
    expect(
      isWooWebhookPing(delivery('webhook_id=142', { 'Content-Type': 'application/x-www-form-urlencoded' })),
    ).toBe(true);
    expect(isWooWebhookPing(delivery('{"id":727}', { 'X-WC-Webhook-Topic': 'order.deleted' }))).toBe(false);
    expect(isWooWebhookPing(delivery('webhook_id=142', { 'X-WC-Webhook-Topic': 'order.updated' }))).toBe(
      false,
    );
  });

  it('parses the subscriptions of webhook.retrieve and webhooks.list, whose topics all map', () => {
    const one = WooWebhook.parse(fixture('webhook.retrieve.response.json'));
    const list = (fixture('webhooks.list.response.json') as unknown[]).map((raw) => WooWebhook.parse(raw));
    expect([one.id, one.topic, one.status, one.delivery_url]).toEqual([
      142,
      'order.updated',
      'active',
      'http://requestb.in/1g0sxmo1',
    ]);
    expect(list.map((webhook) => [webhook.topic, WOO_WEBHOOK_TOPICS[webhook.topic]?.entity])).toEqual([
      ['customer.created', 'customer'],
      ['order.updated', 'order'],
    ]);
  });
});
