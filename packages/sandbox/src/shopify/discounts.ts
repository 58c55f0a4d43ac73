import type { SandboxStore } from '../store/sandbox-store';
import { storeIdFromGid } from './gid';
import type { ShopifyGraphqlContext } from './graphql-context';
import { graphqlTime } from './time-format';

/** A code discount as the emulator keeps it: one code per discount (`discountCode…Create`). */
interface CodeDiscount {
  id: number;
  kind: 'DiscountCodeBasic' | 'DiscountCodeFreeShipping';
  title: string;
  code: string;
  startsAt: number;
  endsAt: number | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  customerIds: string[] | null;
  value: { percentage: number } | { amount: string; appliesOnEachItem: boolean } | null;
  variantIds: string[] | null;
}

interface ContextInput {
  all?: string | null;
  customers?: { add?: string[] | null } | null;
}

interface CommonInput {
  title?: string | null;
  code?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean | null;
  context?: ContextInput | null;
}

export interface DiscountCodeBasicInput extends CommonInput {
  customerGets?: {
    value?: {
      percentage?: number | null;
      discountAmount?: { amount: string; appliesOnEachItem?: boolean | null } | null;
    } | null;
    items?: { all?: boolean | null; products?: { productVariantsToAdd?: string[] | null } | null } | null;
  } | null;
}

export type DiscountCodeFreeShippingInput = CommonInput;

interface DiscountUserError {
  field: string[];
  message: string;
  code: string;
}

/** Discounts per sandbox store (the GraphQL root is shared by every emulator in the process). */
const discountsByStore = new WeakMap<SandboxStore, Map<number, CodeDiscount>>();
let lastId = 0;

function discountsOf(store: SandboxStore): Map<number, CodeDiscount> {
  let discounts = discountsByStore.get(store);
  if (!discounts) {
    discounts = new Map();
    discountsByStore.set(store, discounts);
  }
  return discounts;
}

function renderDiscountNode(discount: CodeDiscount, now: number) {
  const status =
    discount.endsAt !== null && discount.endsAt <= now
      ? 'EXPIRED'
      : discount.startsAt > now
        ? 'SCHEDULED'
        : 'ACTIVE';
  return {
    id: `gid://shopify/DiscountCodeNode/${discount.id}`,
    codeDiscount: {
      __typename: discount.kind,
      title: discount.title,
      status,
      startsAt: graphqlTime(new Date(discount.startsAt).toISOString()),
      endsAt: discount.endsAt === null ? null : graphqlTime(new Date(discount.endsAt).toISOString()),
      usageLimit: discount.usageLimit,
      appliesOncePerCustomer: discount.appliesOncePerCustomer,
      codes: () => ({
        nodes: [{ id: `gid://shopify/DiscountRedeemCode/${discount.id}`, code: discount.code }],
      }),
    },
  };
}

/** Validates the fields both create mutations share; answers Shopify's user errors for the bad ones. */
function validateCommon(
  input: CommonInput,
  field: string,
  context: ShopifyGraphqlContext,
): { errors: DiscountUserError[]; customerIds: string[] | null; startsAt: number; endsAt: number | null } {
  const errors: DiscountUserError[] = [];
  const code = input.code?.trim() ?? '';
  if (!code) errors.push({ field: [field, 'code'], message: "Code can't be blank", code: 'BLANK' });
  else if (code.length > 255) {
    errors.push({
      field: [field, 'code'],
      message: 'Code is too long (maximum is 255 characters)',
      code: 'TOO_LONG',
    });
  } else if (
    [...discountsOf(context.store).values()].some((d) => d.code.toLowerCase() === code.toLowerCase())
  ) {
    errors.push({
      field: [field, 'code'],
      message: 'Code must be unique. Please try a different code.',
      code: 'TAKEN',
    });
  }
  if (!input.title?.trim())
    errors.push({ field: [field, 'title'], message: "Title can't be blank", code: 'BLANK' });
  const startsAt = input.startsAt ? Date.parse(input.startsAt) : context.now;
  const endsAt = input.endsAt ? Date.parse(input.endsAt) : null;
  if (Number.isNaN(startsAt))
    errors.push({ field: [field, 'startsAt'], message: 'Starts at is invalid', code: 'INVALID' });
  if (endsAt !== null && (Number.isNaN(endsAt) || endsAt <= startsAt)) {
    errors.push({
      field: [field, 'endsAt'],
      message: 'Ends at needs to be after starts_at',
      code: 'INVALID',
    });
  }
  let customerIds: string[] | null = null;
  if (input.context?.customers?.add) {
    customerIds = input.context.customers.add;
    for (const id of customerIds) {
      const customerId = storeIdFromGid('Customer', id);
      if (customerId === undefined || !context.store.getCustomer(customerId)) {
        errors.push({
          field: [field, 'context', 'customers', 'add'],
          message: `Customer ${id} does not exist`,
          code: 'INVALID',
        });
      }
    }
  } else if (input.context?.all !== 'ALL') {
    errors.push({
      field: [field, 'context'],
      message: 'Context must select all buyers or customers',
      code: 'INVALID',
    });
  }
  if (input.usageLimit != null && input.usageLimit < 1) {
    errors.push({
      field: [field, 'usageLimit'],
      message: 'Usage limit must be greater than 0',
      code: 'GREATER_THAN',
    });
  }
  return { errors, customerIds, startsAt, endsAt };
}

/** Saves a validated discount: the input's common fields plus what its kind decided. */
function created(
  input: CommonInput,
  decided: Pick<CodeDiscount, 'kind' | 'customerIds' | 'startsAt' | 'endsAt' | 'value' | 'variantIds'>,
  context: ShopifyGraphqlContext,
) {
  lastId += 1;
  const saved: CodeDiscount = {
    ...decided,
    id: 1_000_000 + lastId,
    title: input.title?.trim() ?? '',
    code: input.code?.trim() ?? '',
    usageLimit: input.usageLimit ?? null,
    appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
  };
  discountsOf(context.store).set(saved.id, saved);
  return { codeDiscountNode: renderDiscountNode(saved, context.now), userErrors: [] };
}

/** `discountCodeBasicCreate` and `discountCodeFreeShippingCreate` (write_discounts). */
export const discountMutations = {
  discountCodeBasicCreate: (
    args: { basicCodeDiscount: DiscountCodeBasicInput },
    context: ShopifyGraphqlContext,
  ) => {
    const input = args.basicCodeDiscount;
    const { errors, customerIds, startsAt, endsAt } = validateCommon(input, 'basicCodeDiscount', context);
    const value = input.customerGets?.value;
    let parsedValue: CodeDiscount['value'] = null;
    if (value?.percentage != null) {
      if (value.percentage <= 0 || value.percentage > 1) {
        errors.push({
          field: ['basicCodeDiscount', 'customerGets', 'value', 'percentage'],
          message: 'Value must be between 0.0 and 1.0',
          code: 'VALUE_OUTSIDE_RANGE',
        });
      }
      parsedValue = { percentage: value.percentage };
    } else if (value?.discountAmount) {
      parsedValue = {
        amount: value.discountAmount.amount,
        appliesOnEachItem: value.discountAmount.appliesOnEachItem ?? false,
      };
    } else {
      errors.push({
        field: ['basicCodeDiscount', 'customerGets', 'value'],
        message: 'Value is required',
        code: 'BLANK',
      });
    }
    const variants = input.customerGets?.items?.products?.productVariantsToAdd ?? null;
    for (const id of variants ?? []) {
      const variantId = storeIdFromGid('ProductVariant', id);
      if (variantId === undefined || !context.store.getVariant(variantId)) {
        errors.push({
          field: ['basicCodeDiscount', 'customerGets', 'items', 'products', 'productVariantsToAdd'],
          message: `Product variant ${id} does not exist`,
          code: 'INVALID',
        });
      }
    }
    if (errors.length > 0) return { codeDiscountNode: null, userErrors: errors };
    return created(
      input,
      { kind: 'DiscountCodeBasic', customerIds, startsAt, endsAt, value: parsedValue, variantIds: variants },
      context,
    );
  },
  discountCodeFreeShippingCreate: (
    args: { freeShippingCodeDiscount: DiscountCodeFreeShippingInput },
    context: ShopifyGraphqlContext,
  ) => {
    const input = args.freeShippingCodeDiscount;
    const { errors, customerIds, startsAt, endsAt } = validateCommon(
      input,
      'freeShippingCodeDiscount',
      context,
    );
    if (errors.length > 0) return { codeDiscountNode: null, userErrors: errors };
    return created(
      input,
      { kind: 'DiscountCodeFreeShipping', customerIds, startsAt, endsAt, value: null, variantIds: null },
      context,
    );
  },
};

/** The code discounts created on a sandbox store, for tests and the demo. */
export function shopifyDiscountCodes(sandbox: SandboxStore) {
  return [...discountsOf(sandbox).values()].map((d) => ({
    code: d.code,
    kind: d.kind,
    title: d.title,
    startsAt: new Date(d.startsAt).toISOString(),
    endsAt: d.endsAt === null ? null : new Date(d.endsAt).toISOString(),
    usageLimit: d.usageLimit,
    appliesOncePerCustomer: d.appliesOncePerCustomer,
    customerIds: d.customerIds,
    value: d.value,
    variantIds: d.variantIds,
  }));
}
