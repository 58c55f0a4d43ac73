import { describe, expect, it } from 'vitest';
import { cart, customer, product, variant } from '../test-fixtures';
import { TemplateRenderError } from './errors';
import { htmlToText } from './html-to-text';
import { checkBlock, checkTemplate, pathProblem, renderTemplate } from './liquid-engine';
import { buildRenderContext, RENDER_CONTEXTS, type RenderRecords } from './render-context';

const blocks = new Map([
  [
    'product_grid',
    '{% for p in recommendations %}<a href="{{ p.url }}">{{ p.title }}</a> {{ p.price | money }}{% endfor %}',
  ],
  ['shipping_returns', '<p>Free returns within 30 days at {{ shop.name }}.</p>'],
  ['cart_table', '{% for line in cart.lines %}{{ line.title }} × {{ line.quantity }}{% endfor %}'],
]);

const shirt = variant('1', '19.90', '5.00', 3, { title: 'Blue / M' });
const mug = variant('2', '7.50', '2.00', 10);
const shirtProduct = product('1', [shirt], { title: 'Shirt <Classic>', url: 'https://shop.example/p/shirt' });
const ada = customer('7', { firstName: 'Ada', email: 'ada@example.com', locale: 'en-GB' });
const theCart = cart(
  'c1',
  [
    [shirt, 2],
    [mug, 1],
  ],
  { customerId: ada.id, email: ada.email, recoveryUrl: 'https://shop.example/recover/c1?k=1' },
);

const records = (overrides: Partial<RenderRecords> = {}): RenderRecords => ({
  customer: ada,
  recipient: { email: ada.email, phone: null },
  cart: theCart,
  offer: { kind: 'percent_off', percent: 10 },
  offerCode: { code: 'ADA-10', expiresAt: new Date('2026-03-09T10:00:00Z') },
  discountedVariantIds: [shirt.id],
  recommendations: [shirtProduct],
  unsubscribeUrl: 'https://shop.example/unsubscribe/tok',
  shop: { name: 'Acme', url: 'https://shop.example' },
  ...overrides,
});

describe('checkTemplate', () => {
  it('accepts a template that only uses its context and existing blocks', () => {
    expect(
      checkTemplate(
        {
          context: 'cart',
          subject: '{{ customer.first_name }}, your cart is waiting',
          html:
            '{% for line in cart.lines %}{{ line.title }} {{ line.line_price | money }}{% endfor %}' +
            "{% if offer.code %}{{ offer.code }}{% endif %}{% render 'product_grid' %}" +
            '<a href="{{ cart.url }}">Back to cart</a>{% render \'cart_table\' %}',
          text: null,
        },
        blocks,
      ),
    ).toEqual([]);
  });

  it('lists every unknown variable, block and syntax problem with line and column', () => {
    const problems = checkTemplate(
      {
        context: 'customer',
        subject: 'Hi {{ customer.frist_name }}',
        html: "<p>{{ cart.total }}</p>\n{% render 'faq' %}\n{% render 'cart_table' %}",
        text: '{% if customer.email %}unclosed',
      },
      blocks,
    );
    expect(problems).toEqual([
      {
        part: 'subject',
        block: null,
        line: 1,
        column: 7,
        code: 'unknown_variable',
        message: expect.stringContaining('"customer" has no "frist_name"'),
      },
      {
        part: 'html',
        block: null,
        line: 2,
        column: 1,
        code: 'unknown_block',
        message: 'no content block named "faq"',
      },
      {
        part: 'html',
        block: null,
        line: 1,
        column: 7,
        code: 'unknown_variable',
        message: 'unknown variable "cart"',
      },
      {
        part: 'html',
        block: 'cart_table',
        line: 1,
        column: 16,
        code: 'unknown_variable',
        message: 'unknown variable "cart"',
      },
      {
        part: 'text',
        block: null,
        line: 1,
        column: 1,
        code: 'syntax',
        message: expect.stringContaining('not closed'),
      },
    ]);
  });

  it('finds wrong properties of loop variables with a strict trial render', () => {
    const [problem, ...rest] = checkTemplate(
      {
        context: 'cart',
        subject: 'x',
        html: '{% for line in cart.lines %}\n  {{ line.colour }}{% endfor %}',
        text: null,
      },
      blocks,
    );
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ part: 'html', line: 2, column: 6, code: 'render_error' });
    expect(problem?.message).toContain('colour');
  });

  it('refuses unknown filters and dynamic block names', () => {
    expect(
      checkTemplate(
        { context: 'customer', subject: '{{ customer.name | shout }}', html: null, text: 'x' },
        blocks,
      ),
    ).toMatchObject([{ part: 'subject', code: 'syntax', message: expect.stringContaining('shout') }]);
    expect(
      checkTemplate(
        { context: 'customer', subject: 's', html: '{% render block_name %}', text: null },
        blocks,
      )[0],
    ).toMatchObject({ code: 'unknown_block', message: expect.stringContaining('quoted name') });
  });

  it('checks blocks against every context and knows the Liquid list helpers', () => {
    expect(checkBlock('{{ cart.lines.size }} {{ cart.lines.first.title }} {{ order.name }}', blocks)).toEqual(
      [],
    );
    expect(checkBlock('{{ cart.lines.title }}', blocks)[0]?.message).toContain('is a list');
    expect(pathProblem(RENDER_CONTEXTS.cart, ['cart', 'lines', 0, 'unit_price', 'amount'])).toBeNull();
    expect(pathProblem(RENDER_CONTEXTS.cart, ['cart', 'id', 'x'])).toContain('is a string');
  });
});

describe('renderTemplate', () => {
  it('renders the cart, offer, blocks and recommendations, escaping HTML output only', () => {
    const rendered = renderTemplate(
      'cart-1',
      {
        context: 'cart',
        subject: '{{ customer.first_name }}, {{ offer.description }} with {{ offer.code }}',
        html:
          '<h1>Hi {{ customer.first_name }}</h1><ul>{% for line in cart.lines %}<li>{{ line.title }} ' +
          '{{ line.quantity }} × {{ line.unit_price | money }} = {{ line.line_price.formatted }}' +
          '{% if line.discounted %} (-{{ offer.percent }}%){% endif %}</li>{% endfor %}</ul>' +
          "<p>Total {{ cart.total | money }}</p>{% render 'product_grid' %}" +
          '<a href="{{ cart.url }}">Resume</a> <a href="{{ unsubscribe_url }}">Unsubscribe</a>',
        text: null,
      },
      blocks,
      buildRenderContext('cart', records()),
    );
    expect(rendered.subject).toBe('Ada, 10% off with ADA-10');
    expect(rendered.html).toContain('<li>Blue / M 2 × €19.90 = €39.80 (-10%)</li>');
    expect(rendered.html).toContain('<li>Variant 2 1 × €7.50 = €7.50</li>');
    expect(rendered.html).toContain(
      '<a href="https://shop.example/p/shirt">Shirt &lt;Classic&gt;</a> €19.90',
    );
    expect(rendered.html).toContain('href="https://shop.example/recover/c1?k=1"');
    expect(rendered.text).toContain('- Blue / M 2 × €19.90 = €39.80 (-10%)');
    expect(rendered.text).toContain('Shirt <Classic> (https://shop.example/p/shirt)');
    expect(rendered.text).toContain('Resume (https://shop.example/recover/c1?k=1)');
  });

  it('fails with a render error instead of a blank when a variable is missing at send time', () => {
    const context = buildRenderContext('customer', records());
    expect(() =>
      renderTemplate(
        'welcome',
        { context: 'customer', subject: 'Hi', html: null, text: 'x\n{{ customer.nickname }}' },
        blocks,
        context,
      ),
    ).toThrow(TemplateRenderError);
    try {
      renderTemplate(
        'welcome',
        { context: 'customer', subject: 'Hi', html: null, text: 'x\n{{ nickname }}' },
        blocks,
        context,
      );
    } catch (error) {
      expect((error as TemplateRenderError).problem).toMatchObject({ part: 'text', line: 2, column: 4 });
    }
  });

  it('stops a runaway template instead of stalling the worker', () => {
    const problems = checkTemplate(
      {
        context: 'customer',
        subject: 's',
        html: null,
        text: '{% for i in (1..100000000) %}{{ i }}{% endfor %}',
      },
      blocks,
    );
    expect(problems).toMatchObject([
      { part: 'text', code: 'render_error', message: expect.stringContaining('limit') },
    ]);
  });

  it('needs the record the context names', () => {
    expect(() => buildRenderContext('order', records())).toThrow(/no order/);
  });
});

describe('htmlToText', () => {
  it('keeps links visible, lists as dashes and paragraphs apart', () => {
    expect(
      htmlToText(
        '<html><head><style>p{}</style></head><body><h1>Hello&nbsp;Ada</h1><p>Your <b>cart</b>:</p>' +
          '<ul><li>One</li><li>Two &amp; three</li></ul><p><a href="https://a.example/x?a=1&amp;b=2">Go</a> ' +
          '<a href="mailto:help@a.example">help@a.example</a></p></body></html>',
      ),
    ).toBe(
      'Hello Ada\n\nYour cart:\n\n- One\n- Two & three\n\nGo (https://a.example/x?a=1&b=2) help@a.example',
    );
  });
});
