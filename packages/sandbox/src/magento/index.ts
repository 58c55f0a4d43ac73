// Public surface of the Magento 2 / Adobe Commerce REST emulator. packages/sandbox/src/index.ts
// re-exports this file whole, so names say "Magento" where they could clash with the other emulators'.
export {
  ADMIN_TOKEN_TTL_MS as MAGENTO_ADMIN_TOKEN_TTL_MS,
  OAUTH_TIMESTAMP_WINDOW_S as MAGENTO_OAUTH_TIMESTAMP_WINDOW_S,
} from './auth';
export {
  createMagentoEmulator,
  type MagentoEmulator,
  type MagentoEmulatorControl,
  type MagentoEmulatorStats,
} from './emulator';
export { MagentoEmulatorOptions, type ResolvedMagentoEmulatorOptions } from './emulator-options';
export type { MagentoErrorBody } from './error-bodies';
export { magentoFaultInjector } from './fault-bodies';
export { renderCart as renderMagentoCart, renderCarts as renderMagentoCarts } from './render-cart';
export {
  type MagentoRecord,
  renderProductFamily as renderMagentoProductFamily,
  renderProducts as renderMagentoProducts,
  renderSourceItems as renderMagentoSourceItems,
  renderSources as renderMagentoSources,
} from './render-catalog';
export {
  renderCustomer as renderMagentoCustomer,
  renderCustomers as renderMagentoCustomers,
} from './render-customer';
export {
  renderCreditMemos as renderMagentoCreditMemos,
  renderOrder as renderMagentoOrder,
  renderOrders as renderMagentoOrders,
  renderShipments as renderMagentoShipments,
} from './render-order';
