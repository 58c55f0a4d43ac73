import { describe, expect, it } from 'vitest';
import {
  AdobeIoEvent,
  AdobeWebhookResponse,
  classifyAdobeIoEvent,
  webhookException,
  webhookSuccess,
} from './adobe-commerce-events';
import { magentoConnector } from './magento-connector';
import { fixture } from './test-fixtures/read-fixture';

describe('Adobe Commerce push channels', () => {
  it('declares no webhooks: Magento Open Source sends none, polling is primary', () => {
    expect(magentoConnector.webhooks).toBeUndefined();
  });

  it("classifies the I/O event ('adobe-io-event.catalog-product-save-commit-after.json') as a product to re-read", () => {
    const event = AdobeIoEvent.parse(fixture('adobe-io-event.catalog-product-save-commit-after.json'));
    expect(classifyAdobeIoEvent(event)).toEqual({
      kind: 'refetch',
      entity: 'product',
      action: 'upsert',
      observer: 'catalog_product_save_commit_after',
      lookup: { id: null, sku: 'eventtest1' },
      updatedAt: '2025-07-17T15:48:41Z',
      eventId: 'b0f2b088-5490-4d16-9ce9-0cb1fb3e5ed0',
    });
  });

  it('leaves observer events Cartwire does not sync as unsupported', () => {
    const event = AdobeIoEvent.parse({
      ...(fixture('adobe-io-event.catalog-product-save-commit-after.json') as object),
      type: 'com.adobe.commerce.observer.admin_user_save_after',
    });
    expect(classifyAdobeIoEvent(event)).toMatchObject({
      kind: 'unsupported',
      type: 'com.adobe.commerce.observer.admin_user_save_after',
    });
  });

  it("parses and builds webhook replies ('adobe-commerce-webhook.response-success.json', 'adobe-commerce-webhook.response-exception.json')", () => {
    const success = fixture('adobe-commerce-webhook.response-success.json');
    const exception = fixture('adobe-commerce-webhook.response-exception.json');
    expect(AdobeWebhookResponse.parse(success)).toEqual(webhookSuccess());
    expect(AdobeWebhookResponse.parse(exception)).toEqual(
      webhookException(
        'The product cannot be added to the cart because it is out of the stock',
        'Path\\To\\Exception\\Class',
      ),
    );
    expect(AdobeWebhookResponse.safeParse({ op: 'maybe' }).success).toBe(false);
  });
});
