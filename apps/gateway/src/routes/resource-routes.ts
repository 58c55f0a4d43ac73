import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env';
import type { GatewayServices } from '../services/gateway-services';
import { createCartsRouter } from './carts/carts.index';
import { createCustomersRouter } from './customers/customers.index';
import { createEventsRouter } from './events/events.index';
import { createInventoryLevelWritesRouter } from './inventory-levels/inventory-level-writes.index';
import { createInventoryLevelsRouter } from './inventory-levels/inventory-levels.index';
import { createLocationsRouter } from './locations/locations.index';
import { createOrderWritesRouter } from './orders/order-writes.index';
import { createOrdersRouter } from './orders/orders.index';
import { createProductsRouter } from './products/products.index';
import { createStoresRouter } from './stores/stores.index';

/** Every `/v1` resource router (stores, the synced entities, events) on the services they share. */
export function mountResourceRoutes(app: OpenAPIHono<AppEnv>, services: GatewayServices): void {
  app.route('/', createStoresRouter(services.stores, services.idempotency));
  app.route('/', createProductsRouter(services.entities));
  app.route('/', createCustomersRouter(services.entities));
  app.route('/', createOrdersRouter(services.entities));
  app.route('/', createOrderWritesRouter(services.writes, services.idempotency));
  app.route('/', createCartsRouter(services.entities));
  app.route('/', createInventoryLevelsRouter(services.entities));
  app.route('/', createInventoryLevelWritesRouter(services.writes, services.idempotency));
  app.route('/', createLocationsRouter(services.entities));
  app.route('/', createEventsRouter(services.events));
}
