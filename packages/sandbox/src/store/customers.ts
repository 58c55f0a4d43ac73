import { SandboxStoreError } from './errors';
import type { CreateCustomerInput, UpdateCustomerInput } from './inputs';
import { emit, nextId, requireRecord, type StoreState, stamp } from './store-state';
import type { Customer, MarketingConsent } from './types';

const NO_CONSENT: MarketingConsent = { state: 'not_subscribed', optInLevel: null, consentUpdatedAt: null };

export function createCustomer(state: StoreState, input: CreateCustomerInput): Customer {
  const email = input.email ?? null;
  claimEmail(state, email, null);
  const at = stamp(state);
  const addresses = (input.addresses ?? []).map((address) => ({ ...address }));
  const customer: Customer = {
    id: nextId(state, 'customer'),
    email,
    phone: input.phone ?? null,
    firstName: input.firstName ?? '',
    lastName: input.lastName ?? '',
    locale: input.locale ?? 'en-US',
    timeZone: input.timeZone ?? null,
    addresses,
    defaultAddressIndex: addresses.length > 0 ? 0 : null,
    emailMarketing: consent(NO_CONSENT, input.emailMarketing, at),
    smsMarketing: consent(NO_CONSENT, input.smsMarketing, at),
    tags: [...(input.tags ?? [])],
    note: input.note ?? '',
    verifiedEmail: input.verifiedEmail ?? true,
    createdAt: at,
    updatedAt: at,
  };
  state.customers.set(customer.id, customer);
  if (email) state.customerEmails.set(email.toLowerCase(), customer.id);
  emit(state, { kind: 'customer', action: 'created', id: customer.id, cause: 'createCustomer', at });
  return customer;
}

export function updateCustomer(state: StoreState, customerId: number, input: UpdateCustomerInput): Customer {
  const current = requireRecord(state.customers, 'customer', customerId);
  if (input.email !== undefined) claimEmail(state, input.email, customerId);
  const addresses = input.addresses ? input.addresses.map((address) => ({ ...address })) : current.addresses;
  const defaultAddressIndex =
    input.defaultAddressIndex !== undefined
      ? input.defaultAddressIndex
      : input.addresses
        ? addresses.length > 0
          ? 0
          : null
        : current.defaultAddressIndex;
  if (defaultAddressIndex !== null && (defaultAddressIndex < 0 || defaultAddressIndex >= addresses.length)) {
    throw new SandboxStoreError(
      'invalid_input',
      `defaultAddressIndex ${defaultAddressIndex} is out of range`,
    );
  }
  const at = stamp(state);
  const customer: Customer = {
    ...current,
    email: input.email !== undefined ? input.email : current.email,
    phone: input.phone !== undefined ? input.phone : current.phone,
    firstName: input.firstName ?? current.firstName,
    lastName: input.lastName ?? current.lastName,
    locale: input.locale ?? current.locale,
    timeZone: input.timeZone !== undefined ? input.timeZone : current.timeZone,
    addresses,
    defaultAddressIndex,
    emailMarketing: input.emailMarketing
      ? consent(current.emailMarketing, input.emailMarketing, at)
      : current.emailMarketing,
    smsMarketing: input.smsMarketing
      ? consent(current.smsMarketing, input.smsMarketing, at)
      : current.smsMarketing,
    tags: input.tags ? [...input.tags] : current.tags,
    note: input.note ?? current.note,
    verifiedEmail: input.verifiedEmail ?? current.verifiedEmail,
    updatedAt: at,
  };
  if (current.email && current.email !== customer.email)
    state.customerEmails.delete(current.email.toLowerCase());
  if (customer.email) state.customerEmails.set(customer.email.toLowerCase(), customerId);
  state.customers.set(customerId, customer);
  emit(state, { kind: 'customer', action: 'updated', id: customerId, cause: 'updateCustomer', at });
  return customer;
}

/** Emails are unique per shop, as on every platform the sandbox emulates. */
function claimEmail(state: StoreState, email: string | null, ownerId: number | null): void {
  if (!email) return;
  const holder = state.customerEmails.get(email.toLowerCase());
  if (holder !== undefined && holder !== ownerId) {
    throw new SandboxStoreError('conflict', `Email ${email} already belongs to customer ${holder}`);
  }
}

/** Applies a consent change; a state change without an explicit timestamp is stamped now. */
function consent(
  current: MarketingConsent,
  patch: Partial<MarketingConsent> | undefined,
  at: string,
): MarketingConsent {
  if (!patch) return { ...current };
  const stateChanged = patch.state !== undefined && patch.state !== current.state;
  return {
    state: patch.state ?? current.state,
    optInLevel: patch.optInLevel !== undefined ? patch.optInLevel : current.optInLevel,
    consentUpdatedAt:
      patch.consentUpdatedAt !== undefined
        ? patch.consentUpdatedAt
        : stateChanged
          ? at
          : current.consentUpdatedAt,
  };
}
