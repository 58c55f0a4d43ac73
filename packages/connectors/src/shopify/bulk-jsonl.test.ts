import { describe, expect, it } from 'vitest';
import { BulkResultError, regroupBulkJsonl } from './bulk-jsonl';
import { fixtureText } from './test-fixtures/read-fixture';

const PRODUCT_CHILDREN = { Product: { ProductVariant: 'variants', Collection: 'collections' } };

describe('bulk JSONL regrouping (bulk-operation-result.products-variants.jsonl)', () => {
  it('puts every variant back under its product, in file order', () => {
    const products = regroupBulkJsonl(
      fixtureText('bulk-operation-result.products-variants.jsonl'),
      PRODUCT_CHILDREN,
    );
    expect(
      products.map((product) => [
        product.id,
        (product.variants as { nodes: { id: string; title: string }[] }).nodes.map(
          (variant) => variant.title,
        ),
      ]),
    ).toEqual([
      ['gid://shopify/Product/1921569226808', ['52', '70']],
      ['gid://shopify/Product/1921569259576', ['34']],
      ['gid://shopify/Product/1921569292344', ['Default Title']],
      ['gid://shopify/Product/1921569325112', ['36']],
      ['gid://shopify/Product/1921569357880', ['47']],
    ]);
    expect(JSON.stringify(products)).not.toContain('__parentId');
  });

  it('attaches a child written after later parents (Shopify does not keep children adjacent)', () => {
    const lines = fixtureText('bulk-operation-result.products-variants.jsonl').trim().split('\n');
    const reordered = [...lines.filter((_, index) => index !== 1), lines[1]].join('\n');
    const products = regroupBulkJsonl(reordered, PRODUCT_CHILDREN);
    const first = products[0]?.variants as { nodes: { title: string }[] };
    expect(first.nodes.map((variant) => variant.title).sort()).toEqual(['52', '70']);
  });

  it('rebuilds grandchildren and inline connections (orders → refunds → refund lines)', () => {
    const text = [
      '{"id":"gid://shopify/Order/1","refunds":[{"id":"gid://shopify/Refund/5","refundLineItems":{"edges":[{"node":{"quantity":1}}]}}]}',
      '{"id":"gid://shopify/LineItem/9","title":"A","__parentId":"gid://shopify/Order/1"}',
    ].join('\n');
    const [order] = regroupBulkJsonl(text, { Order: { LineItem: 'lineItems' } });
    expect(order).toEqual({
      id: 'gid://shopify/Order/1',
      refunds: [{ id: 'gid://shopify/Refund/5', refundLineItems: { nodes: [{ quantity: 1 }] } }],
      lineItems: { nodes: [{ id: 'gid://shopify/LineItem/9', title: 'A' }] },
    });
  });

  it('gives a parent without child lines its empty connections (refunds without refund lines)', () => {
    const text = [
      '{"id":"gid://shopify/Order/1","refunds":[{"id":"gid://shopify/Refund/5"},{"id":"gid://shopify/Refund/6"}]}',
      '{"quantity":2,"__parentId":"gid://shopify/Refund/6"}',
    ].join('\n');
    const [order] = regroupBulkJsonl(text, {
      Order: { LineItem: 'lineItems' },
      Refund: { '*': 'refundLineItems' },
    });
    expect(order).toEqual({
      id: 'gid://shopify/Order/1',
      lineItems: { nodes: [] },
      refunds: [
        { id: 'gid://shopify/Refund/5', refundLineItems: { nodes: [] } },
        { id: 'gid://shopify/Refund/6', refundLineItems: { nodes: [{ quantity: 2 }] } },
      ],
    });
  });

  it('refuses a child whose parent is not in the file', () => {
    expect(() =>
      regroupBulkJsonl(
        '{"id":"gid://shopify/ProductVariant/1","__parentId":"gid://shopify/Product/404"}',
        PRODUCT_CHILDREN,
      ),
    ).toThrow(BulkResultError);
  });
});
