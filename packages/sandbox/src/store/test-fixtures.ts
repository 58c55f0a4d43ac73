import { createManualClock, type ManualClock } from './clock';
import { SandboxStore } from './sandbox-store';
import type { Address } from './types';

export const TEST_ADDRESS: Address = {
  firstName: 'Zoë',
  lastName: "O'Brien",
  company: '',
  address1: '969 Market St',
  address2: '',
  city: 'San Francisco',
  province: 'California',
  provinceCode: 'CA',
  postcode: '94103',
  countryCode: 'US',
  phone: '+14155550100',
};

/** A small hand-built store: two locations, a two-size shirt, a simple mug, one customer. */
export function buildTestStore(): {
  store: SandboxStore;
  clock: ManualClock;
  warehouseId: number;
  storefrontId: number;
  shirtId: number;
  shirtS: number;
  shirtM: number;
  mugId: number;
  mug: number;
  customerId: number;
} {
  const clock = createManualClock('2026-03-01T10:00:00.000Z');
  const store = new SandboxStore({ clock });
  const warehouse = store.createLocation({ name: 'Warehouse', address: TEST_ADDRESS });
  const storefront = store.createLocation({ name: 'Storefront', address: TEST_ADDRESS });
  const apparel = store.createCategory({ name: 'Apparel' });
  const shirt = store.createProduct({
    title: 'Crème T-Shirt',
    categoryIds: [apparel.id],
    imageUrls: ['https://cdn.example/creme-t-shirt.jpg'],
    options: [{ name: 'Size', values: ['S', 'M'] }],
    variants: [
      {
        sku: 'TS-S',
        options: ['S'],
        price: '10',
        unitCost: '4',
        stock: { [warehouse.id]: 5, [storefront.id]: 2 },
      },
      { sku: 'TS-M', options: ['M'], price: '12.50', stock: { [warehouse.id]: 1 } },
    ],
  });
  const mug = store.createProduct({
    title: 'Mug',
    variants: [{ sku: 'MUG', price: '8.00', stock: { [warehouse.id]: 3 } }],
  });
  const customer = store.createCustomer({
    email: 'zoe@example.com',
    firstName: 'Zoë',
    lastName: "O'Brien",
    addresses: [TEST_ADDRESS],
    emailMarketing: { state: 'subscribed', optInLevel: 'single_opt_in' },
  });
  return {
    store,
    clock,
    warehouseId: warehouse.id,
    storefrontId: storefront.id,
    shirtId: shirt.id,
    shirtS: shirt.variantIds[0]!,
    shirtM: shirt.variantIds[1]!,
    mugId: mug.id,
    mug: mug.variantIds[0]!,
    customerId: customer.id,
  };
}
