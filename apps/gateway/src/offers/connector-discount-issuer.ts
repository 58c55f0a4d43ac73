import type { DiscountCodeIssuer, DiscountCodeRequest } from '@cartwire/automation-sdk';
import {
  type DiscountValue,
  runNeutralWrite,
  UnsupportedWriteError,
  unsupportedReason,
} from '@cartwire/connectors';
import type { Repositories } from '@cartwire/storage';
import type { ConnectorRegistry } from '../services/connector-registry';

export interface ConnectorDiscountIssuerDeps {
  readonly repositories: Pick<Repositories, 'stores' | 'entities'>;
  readonly connectors: ConnectorRegistry;
}

function discountValueOf(offer: DiscountCodeRequest['offer']): DiscountValue {
  switch (offer.kind) {
    case 'percent_off':
      return { kind: 'percentage', percent: offer.percent };
    case 'amount_off':
      return { kind: 'fixed_amount', amount: offer.amount };
    case 'free_shipping':
      return { kind: 'free_shipping' };
  }
}

/**
 * The offers module's `DiscountCodeIssuer` over the store's connector: Cartwire ids are resolved to the
 * platform's ids under the tenant (a customer or variant of another store is left out, never sent), and
 * the connector's `createDiscountCode` write creates a single-use, expiring code. A platform without the
 * write (Magento, Amazon) answers `unsupported`, so the offer falls back to the tenant's code pool.
 *
 * @example createOfferCodes({ db, issuer: createConnectorDiscountIssuer({ repositories, connectors }) })
 */
export function createConnectorDiscountIssuer(deps: ConnectorDiscountIssuerDeps): DiscountCodeIssuer {
  const { stores, entities } = deps.repositories;
  return async (request) => {
    const store = await stores.getStore(request.tenantId, request.storeId);
    if (!store) return { unsupported: `store ${request.storeId} does not exist for this tenant` };
    if (store.status === 'disconnected') return { unsupported: 'the store is disconnected' };
    const connector = deps.connectors.connectorFor(store.platform);
    if (!connector) return { unsupported: `this deployment has no ${store.platform} connector` };
    const unsupported = unsupportedReason(connector, 'createDiscountCode');
    if (unsupported !== null) return { unsupported };

    const customer = request.customer.customerId
      ? await entities.getEntity('customer', request.tenantId, request.customer.customerId)
      : null;
    const variants = [];
    for (const variantId of request.variantIds ?? []) {
      const variant = await entities.getEntity('variant', request.tenantId, variantId);
      if (!variant || variant.storeId !== store.id) continue;
      const product = await entities.getEntity('product', request.tenantId, variant.productId);
      if (product) variants.push({ externalId: variant.externalId, productExternalId: product.externalId });
    }
    const ownCustomer = customer && customer.storeId === store.id ? customer : null;
    const email = request.customer.email ?? ownCustomer?.email ?? null;

    try {
      const { discountCode } = await runNeutralWrite({
        engine: deps.connectors.engine,
        connector,
        store: {
          id: store.id,
          credentials: await stores.getStoreCredentials(request.tenantId, store.id),
          settings: store.settings,
        },
        write: 'createDiscountCode',
        input: {
          code: request.code,
          value: discountValueOf(request.offer),
          ...(variants.length > 0 ? { variants } : {}),
          ...(ownCustomer || email
            ? {
                customer: {
                  ...(ownCustomer ? { externalId: ownCustomer.externalId } : {}),
                  ...(email ? { email } : {}),
                },
              }
            : {}),
          endsAt: request.expiresAt?.toISOString() ?? null,
          usageLimit: 1,
        },
      });
      return { code: discountCode.code };
    } catch (error) {
      if (error instanceof UnsupportedWriteError) return { unsupported: error.reason };
      throw error;
    }
  };
}
