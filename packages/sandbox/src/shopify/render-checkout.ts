import type { Cart } from '../store/types';
import type { PageArgs } from './connection';
import { gid, shopifyId } from './gid';
import { listConnection } from './graphql-connections';
import type { ShopifyGraphqlContext } from './graphql-context';
import { moneyBag, multiplyAmount, sameCurrency } from './money-bag';
import { renderProductNode, renderVariantNode } from './render-catalog';
import { renderCustomerNode, renderMailingAddress } from './render-customer';
import { graphqlTime } from './time-format';

type Context = ShopifyGraphqlContext;

/** The storefront link that restores the cart, in Shopify's `/checkouts/ac/{token}/recover` form. */
export function abandonedCheckoutUrl(shopDomain: string, cart: Cart): string {
  return `https://${shopDomain}/${shopifyId('Shop', 1)}/checkouts/ac/${cart.token}/recover?key=${cart.token.split('').reverse().join('')}`;
}

export function renderAbandonedCheckoutNode(cart: Cart) {
  const pair = sameCurrency(cart.currency);
  const address = cart.shippingAddress
    ? renderMailingAddress(
        cart.shippingAddress,
        `${gid('MailingAddress', cart.id * 100 + 97)}?model_name=Address`,
      )
    : null;
  return {
    __typename: 'AbandonedCheckout',
    id: gid('AbandonedCheckout', cart.id),
    name: `#${shopifyId('AbandonedCheckout', cart.id)}`,
    createdAt: graphqlTime(cart.createdAt),
    updatedAt: graphqlTime(cart.updatedAt),
    completedAt: graphqlTime(cart.completedAt),
    note: null,
    taxesIncluded: false,
    billingAddress: address,
    shippingAddress: address,
    subtotalPriceSet: moneyBag(cart.subtotal, pair),
    totalPriceSet: moneyBag(cart.subtotal, pair),
    totalLineItemsPriceSet: moneyBag(cart.subtotal, pair),
    totalDiscountSet: moneyBag('0', pair),
    totalTaxSet: moneyBag('0', pair),
    abandonedCheckoutUrl: (_args: unknown, context: Context) =>
      abandonedCheckoutUrl(context.shopDomain, cart),
    customer: (_args: unknown, context: Context) => {
      const customer = cart.customerId === null ? undefined : context.store.getCustomer(cart.customerId);
      return customer ? renderCustomerNode(customer) : null;
    },
    lineItems: (args: PageArgs, context: Context) =>
      listConnection(
        cart.lines.map((line) => {
          const total = multiplyAmount(cart.currency, line.price, line.quantity);
          return {
            __typename: 'AbandonedCheckoutLineItem',
            id: gid('AbandonedCheckoutLineItem', line.id),
            title: line.title,
            variantTitle: line.variantTitle,
            sku: line.sku === '' ? null : line.sku,
            quantity: line.quantity,
            originalUnitPriceSet: moneyBag(line.price, pair),
            originalTotalPriceSet: moneyBag(total, pair),
            discountedTotalPriceSet: moneyBag(total, pair),
            variant: (_a: unknown, inner: Context) => {
              const variant = inner.store.getVariant(line.variantId);
              return variant ? renderVariantNode(variant) : null;
            },
            product: (_a: unknown, inner: Context) => {
              const product = inner.store.getProduct(line.productId);
              return product ? renderProductNode(product) : null;
            },
          };
        }),
        args,
        context,
      ),
  };
}
