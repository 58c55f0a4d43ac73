import {
  action,
  all,
  any,
  branch,
  byCorrelation,
  byCustomer,
  defineWorkflow,
  exit,
  field,
  not,
  send,
  wait,
  when,
} from '../definition/builder';
import type { Condition } from '../definition/condition';
import type { WorkflowDefinition } from '../definition/workflow-definition';

interface ChannelOption {
  /**
   * Channel every send of the example uses.
   * @default 'webhook'
   */
  channel?: string;
}

export interface AbandonedCartOptions extends ChannelOption {
  /** @default 'vip' */
  vipTag?: string;
  /** Items at or above this margin get a percentage off. @default 60 */
  highMarginPercent?: number;
  /** Carts at or above this margin get free shipping. @default 30 */
  midMarginPercent?: number;
  /** @default 10 */
  discountPercent?: number;
}

/**
 * Margin-aware abandoned cart: VIPs get no discount, only high-margin items get a percentage off,
 * mid-margin carts get free shipping, the rest a plain reminder with the cart's products; first reminder
 * after 1 h, second after 24 h; conversion and stock re-checked before each send; exits on purchase.
 */
export function abandonedCartWorkflow(options: AbandonedCartOptions = {}): WorkflowDefinition {
  const channel = options.channel ?? 'webhook';
  const high = options.highMarginPercent ?? 60;
  const mid = options.midMarginPercent ?? 30;
  const checks = ['cart_not_converted', 'items_in_stock'] as const;
  const recommendations = { strategy: 'cart_items' as const, limit: 4 };
  return defineWorkflow({
    key: 'abandoned-cart',
    name: 'Margin-aware abandoned cart',
    trigger: {
      event: 'cart.abandoned',
      filter: all(field('cart.subtotal.amount').gt('0'), field('cart.email').exists()),
      reentry: { policy: 'once_per', days: 7 },
    },
    goals: [
      { name: 'cart_converted', event: 'cart.converted', match: byCorrelation('event.entityId') },
      { name: 'ordered', event: 'order.created', match: byCustomer },
    ],
    flowFilter: field('cart.status').neq('converted'),
    steps: [
      wait.for('PT1H', { id: 'after-1h' }),
      branch(
        [
          when('vip', field('customer.tags').contains(options.vipTag ?? 'vip'), [
            send({
              id: 'reminder-vip',
              channel,
              template: 'abandoned-cart-vip',
              recommendations,
              checks: [...checks],
            }),
          ]),
          when('high-margin', field('metrics.cartMaxItemMarginPercent').gte(high), [
            send({
              id: 'reminder-discount',
              channel,
              template: 'abandoned-cart-discount',
              offer: {
                kind: 'percent_off',
                percent: options.discountPercent ?? 10,
                minItemMarginPercent: high,
              },
              recommendations,
              checks: [...checks],
            }),
          ]),
          when('mid-margin', field('metrics.cartMarginPercent').gte(mid), [
            send({
              id: 'reminder-free-shipping',
              channel,
              template: 'abandoned-cart-free-shipping',
              offer: { kind: 'free_shipping' },
              recommendations,
              checks: [...checks],
            }),
          ]),
        ],
        [
          send({
            id: 'reminder-plain',
            channel,
            template: 'abandoned-cart',
            recommendations,
            checks: [...checks],
          }),
        ],
        { id: 'offer' },
      ),
      wait.forEvent('cart.converted', {
        id: 'until-24h',
        match: byCorrelation('event.entityId'),
        timeout: 'PT23H',
        onEvent: [exit('recovered', { id: 'recovered' })],
      }),
      send({
        id: 'second-reminder',
        channel,
        template: 'abandoned-cart-last-call',
        recommendations,
        checks: [...checks],
      }),
    ],
  });
}

const orderIsLive: Condition = all(
  field('order.status').neq('cancelled'),
  field('order.financialStatus').notIn(['refunded', 'voided']),
);

/**
 * Post-purchase: orders that look like returns (the same product bought in several sizes/colours) go to
 * support outreach instead of a sale; the others get care/sizing content for what was bought, then a
 * cross-sell of related in-stock products. Cancelled or refunded orders are skipped or leave the flow.
 */
export function postPurchaseWorkflow(options: ChannelOption = {}): WorkflowDefinition {
  const channel = options.channel ?? 'webhook';
  return defineWorkflow({
    key: 'post-purchase',
    name: 'Post-purchase education and cross-sell',
    trigger: { event: 'order.paid', filter: orderIsLive, reentry: { policy: 'always' } },
    exitOn: [
      { name: 'cancelled', event: 'order.cancelled', match: byCorrelation('event.entityId') },
      { name: 'refunded', event: 'order.refunded', match: byCorrelation('event.entityId') },
    ],
    flowFilter: orderIsLive,
    steps: [
      branch(
        [
          when('return-risk', field('metrics.orderBracketedProducts').gte(1), [
            action(
              { kind: 'support_task', subject: 'Sizing help before a likely return', priority: 'normal' },
              { id: 'support-outreach', checks: ['order_not_cancelled'] },
            ),
            exit('support_outreach', { id: 'handed-to-support' }),
          ]),
        ],
        [],
        { id: 'return-risk' },
      ),
      wait.for('P2D', { id: 'after-delivery' }),
      send({
        id: 'education',
        channel,
        template: 'post-purchase-care',
        recommendations: { strategy: 'cart_items', limit: 4 },
        checks: ['order_not_cancelled'],
      }),
      wait.for('P7D', { id: 'before-cross-sell' }),
      send({
        id: 'cross-sell',
        channel,
        template: 'post-purchase-cross-sell',
        recommendations: { strategy: 'cross_sell', limit: 4 },
        checks: ['order_not_cancelled'],
      }),
    ],
  });
}

export interface BackInStockOptions extends ChannelOption {
  /** Stock at or below which the message carries urgency. @default 5 */
  lowStockThreshold?: number;
  /** How long a subscription, add to cart or view keeps the shopper waiting for the variant. @default 'P30D' */
  window?: string;
  /**
   * How long shoppers who only viewed the variant wait after the restock, so waitlist subscribers and
   * shoppers who had it in their cart get the first units. @default 'PT2H'
   */
  viewerDelay?: string;
}

/**
 * Back in stock: a shopper who joined a variant's waitlist, added it to their cart, or viewed it sold out
 * waits for it to come back (one run per shopper and variant). On restock, whether they are high intent
 * is read live: on the waitlist, or holding it in a cart that did not convert (its cart abandoners), they
 * are alerted at once; shoppers who only viewed it after `viewerDelay`, and only if stock is left by then.
 * The alert carries urgency when little stock came back; an alerted subscriber leaves the waitlist; no
 * alert once they ordered. Needs a `waitlist` action handler (`createWaitlistActionHandler`) and live
 * data with a waitlist (`createEntityLiveData(entities, { waitlist })`).
 */
export function backInStockWorkflow(options: BackInStockOptions = {}): WorkflowDefinition {
  const channel = options.channel ?? 'webhook';
  const alert = (suffix: string) => [
    branch(
      [
        when('low-stock', field('metrics.variantAvailable').lte(options.lowStockThreshold ?? 5), [
          send({
            id: `alert-urgent${suffix}`,
            channel,
            template: 'back-in-stock-hurry',
            checks: ['items_in_stock'],
          }),
        ]),
      ],
      [send({ id: `alert${suffix}`, channel, template: 'back-in-stock', checks: ['items_in_stock'] })],
      { id: `urgency${suffix}` },
    ),
    action({ kind: 'waitlist', operation: 'mark_notified' }, { id: `leave-waitlist${suffix}` }),
  ];
  return defineWorkflow({
    key: 'back-in-stock',
    name: 'Back-in-stock alert: waitlist and cart first, then viewers',
    trigger: {
      event: 'waitlist.subscribed',
      alsoOn: ['cart.item_added', 'product.viewed'],
      filter: all(
        any(field('event.data.shopper.customerId').exists(), field('event.data.shopper.email').exists()),
        field('event.data.variantId').exists(),
        // A view only counts while the variant is sold out; a cart may sell out after the add.
        any(
          field('event.type').in(['waitlist.subscribed', 'cart.item_added']),
          field('metrics.variantAvailable').lte(0),
        ),
      ),
      correlateBy: 'event.data.variantId',
      reentry: { policy: 'once_per', days: 30, per: 'customer_and_correlation' },
    },
    goals: [{ name: 'ordered', event: 'order.created', match: byCustomer }],
    steps: [
      wait.forEvent('product.back_in_stock', {
        id: 'until-restock',
        match: byCorrelation('event.data.variant.id'),
        timeout: options.window ?? 'P30D',
        onTimeout: [exit('not_restocked', { id: 'not-restocked' })],
      }),
      branch(
        [
          // Read live at the restock: a viewer who joined the waitlist or put it in a cart since counts.
          when(
            'high-intent',
            any(field('metrics.shopperOnWaitlist').eq(true), field('metrics.shopperCartHasVariant').eq(true)),
            alert(''),
          ),
        ],
        [wait.for(options.viewerDelay ?? 'PT2H', { id: 'viewer-delay' }), ...alert('-viewer')],
        { id: 'intent' },
      ),
    ],
  });
}

export interface PriceDropOptions extends ChannelOption {
  /**
   * Minimum advertised price per variant id (decimal strings); a drop below it is never announced.
   * @example { var_01…: '19.00' }
   */
  minimumAdvertisedPrice?: Record<string, string>;
  /** @default 'P14D' */
  window?: string;
}

/**
 * Price drop: a shopper who viewed a product waits (by product) for one of its variants to drop in price;
 * a drop below the variant's minimum advertised price does not count, so it is never announced.
 */
export function priceDropWorkflow(options: PriceDropOptions = {}): WorkflowDefinition {
  const channel = options.channel ?? 'webhook';
  const belowMap = Object.entries(options.minimumAdvertisedPrice ?? {}).map(([variantId, min]) =>
    all(field('event.data.variantId').eq(variantId), field('event.data.price.amount').lt(min)),
  );
  return defineWorkflow({
    key: 'price-drop',
    name: 'Price-drop alert for interested shoppers',
    trigger: {
      event: 'product.viewed',
      filter: field('event.data.shopper.customerId').exists(),
      correlateBy: 'event.data.productId',
      reentry: { policy: 'once_per', days: 14 },
    },
    goals: [{ name: 'ordered', event: 'order.created', match: byCustomer }],
    steps: [
      wait.forEvent('product.price_dropped', {
        id: 'until-price-drop',
        match: byCorrelation('event.data.productId'),
        ...(belowMap.length > 0 ? { filter: not({ any: belowMap }) } : {}),
        timeout: options.window ?? 'P14D',
        onTimeout: [exit('no_price_drop', { id: 'no-drop' })],
      }),
      send({ id: 'alert', channel, template: 'price-drop', checks: ['items_in_stock'] }),
    ],
  });
}

export interface AdsAudienceOptions {
  /** Ads audience (catalogue retargeting) the SKUs are paused in. */
  audience: string;
}

/** Pauses ads for a SKU that sold out (removes it from the audience) and resumes them when it is back. */
export function pauseAdsOutOfStockWorkflow(options: AdsAudienceOptions): WorkflowDefinition {
  return defineWorkflow({
    key: 'pause-ads-out-of-stock',
    name: 'Pause ads for out-of-stock SKUs',
    trigger: {
      event: 'inventory.changed',
      filter: all(field('event.data.available').lte(0), field('event.data.previousAvailable').gt(0)),
      correlateBy: 'event.data.variantId',
      reentry: { policy: 'always' },
    },
    steps: [
      action(
        { kind: 'audience', operation: 'remove', audience: options.audience, subject: 'items' },
        { id: 'pause-ads' },
      ),
      wait.forEvent('product.back_in_stock', {
        id: 'until-restock',
        match: byCorrelation('event.data.variant.id'),
        timeout: 'P90D',
        onTimeout: [exit('still_out_of_stock', { id: 'still-out' })],
      }),
      action(
        { kind: 'audience', operation: 'add', audience: options.audience, subject: 'items' },
        { id: 'resume-ads' },
      ),
    ],
  });
}

/** Welcome series: a welcome right away, then tips two days later at 10:00 in the customer's time zone. */
export function welcomeWorkflow(options: ChannelOption = {}): WorkflowDefinition {
  const channel = options.channel ?? 'webhook';
  return defineWorkflow({
    key: 'welcome',
    name: 'Welcome series',
    trigger: {
      event: 'customer.created',
      filter: field('customer.email').exists(),
      reentry: { policy: 'once' },
    },
    goals: [{ name: 'first_order', event: 'order.created', match: byCustomer }],
    steps: [
      send({ id: 'welcome', channel, template: 'welcome' }),
      wait.for('P2D', { id: 'two-days' }),
      wait.untilTimeOfDay('10:00', { id: 'at-10', fallbackTimeZone: 'UTC' }),
      send({ id: 'tips', channel, template: 'welcome-tips' }),
    ],
  });
}

/** Browse abandonment: a known shopper viewed a product and did not add it to the cart within 4 hours. */
export function browseAbandonmentWorkflow(options: ChannelOption = {}): WorkflowDefinition {
  const channel = options.channel ?? 'webhook';
  return defineWorkflow({
    key: 'browse-abandonment',
    name: 'Browse abandonment',
    trigger: {
      event: 'product.viewed',
      filter: field('event.data.shopper.customerId').exists(),
      correlateBy: 'event.data.productId',
      reentry: { policy: 'once_per', days: 3 },
    },
    exitOn: [{ name: 'added_to_cart', event: 'cart.item_added', match: byCustomer }],
    goals: [{ name: 'ordered', event: 'order.created', match: byCustomer }],
    steps: [
      wait.for('PT4H', { id: 'after-4h' }),
      send({ id: 'nudge', channel, template: 'browse-abandonment' }),
    ],
  });
}

export interface WinBackOptions extends ChannelOption {
  /** @default 'P90D' */
  inactivity?: string;
  /** @default 15 */
  discountPercent?: number;
}

/**
 * Win-back: every order restarts the clock; a customer with no further order within the inactivity window
 * gets a win-back message: content for customers whose last order already used a discount (no more
 * discount pressure), a percentage off for the others.
 */
export function winBackWorkflow(options: WinBackOptions = {}): WorkflowDefinition {
  const channel = options.channel ?? 'webhook';
  return defineWorkflow({
    key: 'win-back',
    name: 'Win-back after inactivity',
    trigger: {
      event: 'order.created',
      filter: field('order.customerId').exists(),
      correlateBy: 'event.data.customerId',
      reentry: { policy: 'always' },
    },
    steps: [
      wait.forEvent('order.created', {
        id: 'until-next-order',
        match: byCustomer,
        timeout: options.inactivity ?? 'P90D',
        onEvent: [exit('ordered_again', { id: 'active-again' })],
      }),
      branch(
        [
          when('bought-on-discount', field('metrics.orderUsedDiscount').eq(true), [
            send({ id: 'win-back-content', channel, template: 'win-back-new-arrivals' }),
          ]),
        ],
        [
          send({
            id: 'win-back-offer',
            channel,
            template: 'win-back',
            offer: { kind: 'percent_off', percent: options.discountPercent ?? 15 },
          }),
        ],
        { id: 'offer' },
      ),
    ],
  });
}
