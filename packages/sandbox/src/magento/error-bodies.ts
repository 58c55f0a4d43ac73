import type { AuthFailure } from './auth';

/** Magento's error body: a message with `%1`/`%name` placeholders and their `parameters`. */
export interface MagentoErrorBody {
  message: string;
  parameters?: string[] | Record<string, string>;
  trace?: null;
}

/** What Magento's backpressure limiter answers (HTTP 429). */
export const TOO_MANY_REQUESTS: MagentoErrorBody = { message: 'Too Many Requests', trace: null };

export const ROUTE_NOT_FOUND: MagentoErrorBody = { message: 'Request does not match any route.' };

export const ENTITY_NOT_FOUND: MagentoErrorBody = {
  message: "The entity that was requested doesn't exist. Verify the entity and try again.",
};

export const PRODUCT_NOT_FOUND: MagentoErrorBody = {
  message: "The product that was requested doesn't exist. Verify the product and try again.",
};

export const STORE_NOT_FOUND: MagentoErrorBody = {
  message: "The store that was requested wasn't found. Verify the store and try again.",
};

export const INVALID_ADMIN_LOGIN: MagentoErrorBody = {
  message:
    'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.',
};

export function noSuchEntity(fieldName: string, fieldValue: string): MagentoErrorBody {
  return { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName, fieldValue } };
}

export function invalidInput(template: string, parameters: string[]): MagentoErrorBody {
  return { message: template, parameters };
}

/** The 401 body for a refused request; bearer problems name the ACL resource the route needs. */
export function unauthorized(
  failure: AuthFailure,
  resource: string,
  parameters: string[] = [],
): MagentoErrorBody {
  switch (failure) {
    case 'missing':
    case 'unknown_token':
    case 'expired_token':
    case 'integration_bearer_disabled':
    case 'bad_consumer':
    case 'bad_token':
      return {
        message: "The consumer isn't authorized to access %resources.",
        parameters: { resources: resource },
      };
    case 'bad_signature_method':
      return { message: 'The "%1" signature method is unsupported.', parameters };
    case 'bad_signature':
      return { message: 'The signature is invalid. Verify and try again.' };
    case 'bad_timestamp':
      return { message: 'The timestamp is invalid. Verify and try again.' };
    case 'nonce_reused':
      return { message: 'The nonce is already being used by the consumer with ID %1.', parameters };
  }
}
