import type { Hono } from 'hono';
import type { Customer } from '../store/types';
import { renderWooCustomer } from './render-customer';
import { CUSTOMERS_SPEC, createQueryCache, listCustomers } from './woo-collections';
import { invalidId } from './woo-errors';
import { authorize, pathId, requestUrl, type WooRouteDeps, wooJson } from './woo-http';
import { paginate } from './woo-paging';
import { parseListQuery } from './woo-query';

export function registerCustomerRoutes(app: Hono, deps: WooRouteDeps): void {
  const cache = createQueryCache<Customer>();

  app.get('/wp-json/wc/v3/customers', (c) => {
    const ctx = authorize(c, deps, 'read');
    const url = requestUrl(c);
    const query = parseListQuery(url.searchParams, CUSTOMERS_SPEC, deps.timeZone);
    const { page: _p, perPage: _pp, offset: _o, dp: _dp, ...filters } = query;
    const customers = cache(deps.store, JSON.stringify(filters), () => listCustomers(deps.store, query));
    const page = paginate(customers, query, url);
    return wooJson(
      page.items.map((customer) => renderWooCustomer(deps.store, customer, ctx)),
      200,
      page.headers,
    );
  });

  app.get('/wp-json/wc/v3/customers/:id', (c) => {
    const ctx = authorize(c, deps, 'read');
    const customer = deps.store.getCustomer(pathId(c, 'id', () => invalidId()));
    if (!customer) throw invalidId();
    return wooJson(renderWooCustomer(deps.store, customer, ctx));
  });
}
