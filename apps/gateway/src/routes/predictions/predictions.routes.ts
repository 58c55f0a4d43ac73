import { IsoDateTime, Money } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import { AUTHED_ERRORS, BEARER, json, problem, StoreIdParam } from '../shared/responses';

const tags = ['Predictions'];

const CustomerIdParam = z.object({
  customerId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'customerId', in: 'path' }, example: 'cus_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
});

const ModelStatus = z.enum(['fitted', 'insufficient_data', 'not_converged']).openapi({
  description:
    '`fitted`: parameters estimated; `insufficient_data`: too few customers or repeat buyers to fit; ' +
    '`not_converged`: the maximum-likelihood search did not settle. `statusDetail` says why.',
});

export const CustomerPrediction = z
  .object({
    object: z.literal('customer_prediction'),
    customerId: z.string().openapi({ example: 'cus_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    storeId: z.string(),
    repeatPurchases: z.number().int().openapi({
      description: 'Model input x: purchase days after the first one (orders on one UTC day count once).',
      example: 4,
    }),
    recencyDays: z.number().int().openapi({
      description: 'Model input t_x: days from the first to the last purchase day.',
      example: 120,
    }),
    ageDays: z.number().int().openapi({
      description: 'Model input T: days from the first purchase day to the fit day.',
      example: 200,
    }),
    expectedPurchases: z
      .object({
        days30: z.number().openapi({ example: 0.41 }),
        days90: z.number().openapi({ example: 1.12 }),
        days365: z.number().openapi({ example: 3.87 }),
      })
      .openapi({ description: 'Expected number of purchase days in the next 30, 90 and 365 days (BG/NBD).' }),
    pAlive: z.number().min(0).max(1).openapi({
      description: 'Probability that the customer is still active (has not silently churned), BG/NBD.',
      example: 0.83,
    }),
    expectedAverageSpend: Money.nullable().openapi({
      description:
        'Expected value of a future order (Gamma-Gamma), a blend of the store mean and the customer’s own ' +
        'repeat orders; null when the spend model could not be fitted.',
    }),
    predictedClv: Money.nullable().openapi({
      description:
        'Value of the orders expected over the model horizon, discounted per period (see the store’s ' +
        '`clv-model` assumptions); null when the spend model could not be fitted.',
    }),
    modelFittedAt: IsoDateTime,
  })
  .openapi('CustomerPrediction');

export const ClvModel = z
  .object({
    object: z.literal('clv_model'),
    storeId: z.string(),
    currency: z.string().nullable().openapi({ description: 'Currency of spend and CLV.', example: 'EUR' }),
    timeUnit: z.literal('day').openapi({ description: 'Unit of t_x, T and the scale parameter α.' }),
    observationEnd: IsoDateTime.describe('Start of the UTC day the fit ran: the end of the data used.'),
    fittedAt: IsoDateTime,
    durationMs: z.number().int(),
    customers: z.number().int().openapi({ description: 'Customers with an order in the model currency.' }),
    repeatCustomers: z
      .number()
      .int()
      .openapi({ description: 'Customers with at least one repeat purchase.' }),
    purchaseModel: z
      .object({
        model: z.literal('bg_nbd'),
        status: ModelStatus,
        params: z
          .object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() })
          .nullable()
          .openapi({
            description:
              'Fader, Hardie & Lee (2005): purchase rates ~ Gamma(r, α), dropout probabilities ~ Beta(a, b).',
            example: { r: 0.243, alpha: 30.9, a: 0.793, b: 2.426 },
          }),
        logLikelihood: z.number().nullable(),
      })
      .openapi({ description: 'Expected purchases and P(alive).' }),
    spendModel: z
      .object({
        model: z.literal('gamma_gamma'),
        status: ModelStatus,
        params: z
          .object({ p: z.number(), q: z.number(), gamma: z.number() })
          .nullable()
          .openapi({
            description: 'Fader & Hardie (2013), fitted with q > 1.',
            example: { p: 6.25, q: 3.74, gamma: 15.44 },
          }),
        logLikelihood: z.number().nullable(),
      })
      .openapi({ description: 'Expected order value, fitted on the repeat buyers.' }),
    fitQuality: z
      .object({
        observedRepeatPurchases: z.number().int(),
        expectedRepeatPurchases: z.number().nullable().openapi({
          description:
            'What the fitted model expects over each customer’s own observation period; close to the observed count when it fits.',
        }),
        frequencySpendCorrelation: z.number().nullable().openapi({
          description:
            'Correlation of order value with frequency among repeat buyers; the spend model assumes about 0.',
        }),
      })
      .openapi({ description: 'In-sample checks of the fit.' }),
    statusDetail: z.string().nullable(),
    assumptions: z
      .object({
        horizonDays: z.number(),
        periodDays: z.number(),
        annualDiscountRate: z.number(),
        margin: z.number().openapi({ description: 'Share of revenue counted; 1 gives a revenue CLV.' }),
      })
      .openapi({
        description:
          'CLV = Σ over periods of margin × expected order value × expected purchases in the period / ' +
          '(1 + d)^period, with d the per-period rate equivalent to the annual discount rate.',
      }),
  })
  .openapi('ClvModel');

export const getCustomerPredictionsRoute = createRoute({
  method: 'get',
  path: '/v1/customers/{customerId}/predictions',
  tags,
  summary: 'Predicted purchases, P(alive) and CLV of a customer',
  description:
    'From the latest fit of the customer’s store (refitted on a schedule). 404 for an unknown customer, ' +
    'and for a customer without a prediction yet (store not fitted, too little data, no order).',
  security: BEARER,
  request: { params: CustomerIdParam },
  responses: {
    200: json(CustomerPrediction, 'The customer’s predictions'),
    ...AUTHED_ERRORS,
    404: problem('No such customer, or no prediction for it yet'),
  },
});

export const getStoreClvModelRoute = createRoute({
  method: 'get',
  path: '/v1/stores/{storeId}/clv-model',
  tags,
  summary: 'The store’s CLV model: parameters, fit quality, customers used',
  security: BEARER,
  request: { params: StoreIdParam },
  responses: {
    200: json(ClvModel, 'The latest fit, or why a model could not be fitted'),
    ...AUTHED_ERRORS,
    404: problem('No such store, or it has not been fitted yet'),
  },
});
