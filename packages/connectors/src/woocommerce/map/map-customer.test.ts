import { Customer, entityId } from '@cartwire/model';
import { describe, expect, it } from 'vitest';
import { WooCustomer } from '../raw/raw-customer';
import { fixture } from '../test-fixtures/read-fixture';
import { toCustomer } from './map-customer';

const STORE = 'sto_woo1';
const UNKNOWN = { state: 'unknown', source: null, updatedAt: null };

describe('toCustomer', () => {
  it('maps customer.retrieve.response.json with consent unknown (core has none)', () => {
    const customer = toCustomer(WooCustomer.parse(fixture('customer.retrieve.response.json')), STORE);
    expect(Customer.parse(customer)).toEqual(customer);
    expect(customer).toEqual({
      id: entityId('customer', STORE, '25'),
      storeId: STORE,
      platform: 'woocommerce',
      externalId: '25',
      createdAt: '2017-03-21T19:09:28.000Z',
      updatedAt: '2017-03-21T19:09:30.000Z',
      email: 'john.doe@example.com',
      phone: '(555) 555-5555',
      firstName: 'John',
      lastName: 'Doe',
      tags: [],
      locale: null,
      timeZone: null,
      marketingConsent: { email: UNKNOWN, sms: UNKNOWN },
      defaultAddress: {
        firstName: 'John',
        lastName: 'Doe',
        company: null,
        address1: '969 Market',
        address2: null,
        city: 'San Francisco',
        province: null,
        provinceCode: 'CA',
        postalCode: '94103',
        countryCode: 'US',
        phone: '(555) 555-5555',
      },
      ordersCount: null,
      totalSpent: null,
    });
  });

  it('maps every entry of customers.list.response.json, unicode names intact', () => {
    const customers = (fixture('customers.list.response.json') as unknown[]).map((raw) =>
      toCustomer(WooCustomer.parse(raw), STORE),
    );
    expect(customers.map((customer) => [customer.externalId, customer.firstName, customer.email])).toEqual([
      ['26', 'João', 'joao.silva@example.com'],
      ['25', 'John', 'john.doe@example.com'],
    ]);
    expect(customers[0]?.defaultAddress).toMatchObject({
      provinceCode: 'RJ',
      postalCode: '12345-000',
      countryCode: 'BR',
    });
  });

  it('falls back to the creation time for never-modified accounts and keeps v2 totals', () => {
    const raw = WooCustomer.parse({
      ...(fixture('customer.retrieve.response.json') as object),
      date_modified_gmt: null,
      orders_count: 3,
      total_spent: '120.50',
    });
    const customer = toCustomer(raw, STORE, 'USD');
    expect(customer.updatedAt).toBe('2017-03-21T19:09:28.000Z');
    expect([customer.ordersCount, customer.totalSpent]).toEqual([3, { amount: '120.50', currency: 'USD' }]);
  });
});
