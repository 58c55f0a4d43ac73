import { describe, expect, it } from 'vitest';
import { InvalidWorkflowError } from '../errors';
import { runArmOf } from '../runtime/workflow-runtime';
import {
  branch,
  byCorrelation,
  defineWorkflow,
  exit,
  field,
  goTo,
  send,
  split,
  variant,
  wait,
  when,
} from './builder';
import { durationMs } from './duration';
import { toMermaid, workflowGraph } from './render';
import { validateWorkflow } from './validate-workflow';

const cartFlow = () =>
  defineWorkflow({
    key: 'cart-flow',
    name: 'Cart flow',
    trigger: {
      event: 'cart.abandoned',
      filter: field('cart.total.amount').gte('20'),
      reentry: { policy: 'once_per', days: 7 },
    },
    goals: [{ name: 'purchased', event: 'cart.converted', match: byCorrelation('event.entityId') }],
    steps: [
      wait.for('PT1H'),
      branch(
        [
          when('vip', field('customer.tags').contains('vip'), [
            send({ channel: 'webhook', template: 'vip' }),
          ]),
        ],
        [send({ channel: 'webhook', template: 'std', offer: { kind: 'free_shipping' } })],
        { id: 'segment' },
      ),
      wait.forEvent('cart.converted', {
        match: byCorrelation('event.entityId'),
        timeout: 'PT24H',
        onEvent: [exit('converted')],
      }),
      split([variant('a', 1, [send({ channel: 'webhook', template: 'a' })]), variant('b', 3, [])]),
    ],
  });

describe('defineWorkflow', () => {
  it('compiles steps to a linked graph with an implicit end', () => {
    const definition = cartFlow();
    const ids = definition.nodes.map((node) => node.id);
    expect(ids).toEqual([
      'trigger',
      'wait-1',
      'segment',
      'send-1',
      'send-2',
      'wait-2',
      'exit-1',
      'split-1',
      'send-3',
      'end',
    ]);
    const byId = new Map(definition.nodes.map((node) => [node.id, node]));
    expect(byId.get('trigger')).toMatchObject({ next: 'wait-1', correlateBy: 'event.entityId' });
    // Both branches rejoin at the event wait.
    expect(byId.get('send-1')).toMatchObject({ next: 'wait-2' });
    expect(byId.get('send-2')).toMatchObject({ next: 'wait-2', offer: { kind: 'free_shipping' } });
    expect(byId.get('wait-2')).toMatchObject({ next: 'exit-1', timeoutNext: 'split-1' });
    // An empty variant goes straight to what follows the split.
    expect(byId.get('split-1')).toMatchObject({
      variants: [
        { key: 'a', next: 'send-3' },
        { key: 'b', next: 'end' },
      ],
    });
    expect(validateWorkflow(JSON.parse(JSON.stringify(definition)))).toMatchObject({ ok: true });
  });

  it('throws every problem at once', () => {
    let error: unknown;
    try {
      defineWorkflow({
        key: 'broken',
        name: 'Broken',
        trigger: { event: 'order.created', filter: field('cart.total.amount').gt(1) },
        steps: [split([variant('a', 0, [])]), send({ channel: 'webhook', template: 'x' }), goTo('nowhere')],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidWorkflowError);
    const codes = (error as InvalidWorkflowError).problems.map((p) => p.code).sort();
    expect(codes).toEqual(['invalid_weights', 'invalid_weights', 'unknown_field', 'unknown_node_ref']);
  });

  it('allows a loop through a wait and renders it', () => {
    const definition = defineWorkflow({
      key: 'reminder-loop',
      name: 'Weekly reminder until bought',
      trigger: { event: 'product.viewed', correlateBy: 'event.data.productId' },
      steps: [
        wait.for('P7D', { id: 'weekly' }),
        send({ channel: 'webhook', template: 'remind' }),
        goTo('weekly'),
      ],
    });
    const mermaid = toMermaid(definition);
    expect(mermaid).toContain('flowchart TD');
    expect(mermaid).toContain('n_send_1 --> n_weekly');
    expect(workflowGraph(definition).edges).toContainEqual({ from: 'weekly', to: 'send-1', label: null });
  });
});

describe('holdout', () => {
  const withHoldout = (share: number) =>
    defineWorkflow({
      key: 'welcome',
      name: 'Welcome',
      trigger: { event: 'customer.created' },
      holdout: { share },
      steps: [send({ channel: 'email', template: 'hello' })],
    });

  it('is kept in the definition, rendered on the trigger, and bounded to [0, 0.5]', () => {
    const definition = withHoldout(0.1);
    expect(definition.holdout).toEqual({ share: 0.1 });
    expect(toMermaid(definition)).toContain('n_trigger(["on customer.created (holdout 10%)"])');
    expect(validateWorkflow({ ...definition, holdout: { share: 0.6 } }).ok).toBe(false);
    expect(validateWorkflow({ ...definition, holdout: { share: 0.1, extra: 1 } }).ok).toBe(false);
    expect(() => withHoldout(-0.1)).toThrow(InvalidWorkflowError);
  });

  it('assigns the same customer to the same arm every time, in about the configured share', () => {
    const definition = withHoldout(0.2);
    const arms = Array.from({ length: 2000 }, (_, i) => runArmOf(definition, `cus_${i}`));
    expect(arms.filter((arm) => arm === 'holdout').length / arms.length).toBeCloseTo(0.2, 1);
    expect(Array.from({ length: 2000 }, (_, i) => runArmOf(definition, `cus_${i}`))).toEqual(arms);
    expect(runArmOf(withHoldout(0), 'cus_1')).toBe('treatment');
  });
});

describe('validateWorkflow', () => {
  it('lists every problem of a hand-written graph, each typed with its path', () => {
    const result = validateWorkflow({
      schemaVersion: 1,
      key: 'bad',
      name: 'Bad',
      goals: [
        { name: 'bought', event: 'order.created', match: { by: 'correlation', field: 'event.data.cartId' } },
      ],
      nodes: [
        { id: 'start', type: 'trigger', event: 'cart.abandoned', next: 'check' },
        {
          id: 'check',
          type: 'condition',
          branches: [
            { key: 'big', when: { field: 'event.data.totl.amount', op: 'gt', value: 100 }, next: 'mail' },
            { key: 'big', when: { field: 'metrics.orderValue', op: 'gt', value: 1 }, next: 'ghost' },
          ],
        },
        { id: 'mail', type: 'send', channel: 'webhook', template: 't', next: 'again' },
        { id: 'again', type: 'action', action: { kind: 'tag_customer', tags: ['x'] }, next: 'mail' },
        { id: 'orphan', type: 'exit' },
        { id: 'split', type: 'split', variants: [{ key: 'a', weight: 50, next: 'orphan' }] },
        { id: 'bad-wait', type: 'wait', until: { kind: 'duration', duration: 'PT0S' }, next: 'orphan' },
        { id: 'mail', type: 'exit' },
      ],
    });
    expect(result.ok).toBe(false);
    const summary = result.problems.map((p) => `${p.code} ${p.path}`).sort();
    expect(summary).toEqual(
      [
        'cycle_without_wait nodes.2',
        'duplicate_branch_key nodes.1.branches',
        'duplicate_node_id nodes.7.id',
        'invalid_weights nodes.5.variants',
        'missing_branch nodes.1.otherwise',
        'schema nodes.6.until.duration',
        'unknown_field goals.0.match.field',
        'unknown_field nodes.1.branches.0.when.field',
        'unknown_field nodes.1.branches.1.when.field',
        'unknown_node_ref nodes.1.branches.1.next',
      ].sort(),
    );
    const unknownField = result.problems.find((p) => p.path === 'nodes.1.branches.0.when.field');
    expect(unknownField?.message).toContain('cart.abandoned events have no field "data.totl.amount"');
  });

  it('reports unreachable nodes and a missing trigger', () => {
    const unreachable = validateWorkflow({
      schemaVersion: 1,
      key: 'u',
      name: 'U',
      nodes: [
        { id: 't', type: 'trigger', event: 'customer.created', next: 'done' },
        { id: 'done', type: 'exit' },
        { id: 'island', type: 'exit' },
      ],
    });
    expect(unreachable.problems).toEqual([
      { code: 'unreachable_node', message: expect.any(String), path: 'nodes.2', nodeId: 'island' },
    ]);
    const noTrigger = validateWorkflow({
      schemaVersion: 1,
      key: 'n',
      name: 'N',
      nodes: [{ id: 'x', type: 'exit' }],
    });
    expect(noTrigger.problems.map((p) => p.code)).toEqual(['missing_trigger']);
  });

  it('reports schema problems of the envelope and of the nodes together', () => {
    const result = validateWorkflow({
      schemaVersion: 2,
      key: 'Bad Key',
      name: 'x',
      nodes: [
        { id: 't', type: 'trigger', event: 'order.payed', next: 'e' },
        { id: 'e', type: 'exit' },
      ],
    });
    expect(result.problems.map((p) => p.path).sort()).toEqual(['key', 'nodes.0.event', 'schemaVersion']);
  });

  it('checks fields against the records a run has, including metrics', () => {
    const result = validateWorkflow({
      schemaVersion: 1,
      key: 'm',
      name: 'M',
      flowFilter: { field: 'metrics.cartMarginPercent', op: 'gt', value: 10 },
      nodes: [
        {
          id: 't',
          type: 'trigger',
          event: 'product.back_in_stock',
          filter: {
            all: [
              { field: 'variant.inventoryQuantity', op: 'gt', value: 0 },
              { field: 'event.data.variant.sku', op: 'exists' },
              { field: 'metrics.variantAvailable', op: 'gte', value: 5 },
              { field: 'metrics.nope', op: 'gte', value: 5 },
            ],
          },
          next: 'e',
        },
        { id: 'e', type: 'exit' },
      ],
    });
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'nodes.0.filter.all.3.field: metrics.nope: unknown metric "nope" (known: cartValue, cartItemCount, cartMarginPercent, cartMaxItemMarginPercent, orderValue, orderItemCount, orderMarginPercent, orderBracketedProducts, orderUsedDiscount, customerOrdersCount, customerTotalSpent, customerProbabilityAlive, customerExpectedPurchases30, customerExpectedPurchases90, customerExpectedPurchases365, customerPredictedClv, variantAvailable, shopperOnWaitlist, shopperCartHasVariant, variantDiscountPercent)',
      'flowFilter.field: metrics.cartMarginPercent: metric "cartMarginPercent" needs a cart, which a run started by product.back_in_stock does not have',
    ]);
  });

  it('checks the fields of every trigger type, reporting a problem they share once', () => {
    const trigger = (alsoOn: string[], correlateBy: string) => ({
      schemaVersion: 1,
      key: 'several',
      name: 'Several triggers',
      goals: [{ name: 'ordered', event: 'order.created', match: { by: 'customer' } }],
      nodes: [
        {
          id: 't',
          type: 'trigger',
          event: 'waitlist.subscribed',
          alsoOn,
          filter: { field: 'event.data.shopper.email', op: 'exists' },
          correlateBy,
          next: 'e',
        },
        { id: 'e', type: 'exit' },
      ],
    });
    expect(
      validateWorkflow(trigger(['cart.item_added', 'product.viewed'], 'event.data.variantId')).problems,
    ).toEqual([]);
    const result = validateWorkflow(trigger(['cart.abandoned', 'search.performed'], 'event.data.variantId'));
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'nodes.0.filter.field: event.data.shopper.email: cart.abandoned events have no field "data.shopper.email"',
      'nodes.0.correlateBy: event.data.variantId: cart.abandoned events have no field "data.variantId"',
      'nodes.0.correlateBy: event.data.variantId: search.performed events have no field "data.variantId"',
    ]);
    expect(
      toMermaid(
        defineWorkflow({
          key: 'r',
          name: 'R',
          trigger: {
            event: 'waitlist.subscribed',
            alsoOn: ['product.viewed'],
            correlateBy: 'event.data.variantId',
          },
          steps: [send({ channel: 'webhook', template: 't' })],
        }),
      ),
    ).toContain('on waitlist.subscribed or product.viewed');
  });
});

describe('durationMs', () => {
  it('reads weeks, days and times and refuses calendar units', () => {
    expect(durationMs('PT1H')).toBe(3_600_000);
    expect(durationMs('P1W2DT3H4M5S')).toBe(((9 * 24 + 3) * 60 * 60 + 4 * 60 + 5) * 1000);
    expect(() => durationMs('P1M')).toThrow(/ISO-8601/);
    expect(() => durationMs('PT')).toThrow();
  });
});
