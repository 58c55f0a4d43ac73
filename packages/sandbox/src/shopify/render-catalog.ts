import { GraphQLError } from 'graphql';
import type { Category, InventoryLevel, Location, Product, Variant } from '../store/types';
import type { PageArgs } from './connection';
import { gid, inventoryLevelGid, shopifyId, storeIdFromGid } from './gid';
import { type ConnectionArgs, listConnection, resourceConnection } from './graphql-connections';
import type { ShopifyGraphqlContext } from './graphql-context';
import { moneyV2 } from './money-bag';
import { restDecimal } from './money-format';
import { inventoryLevelSpec } from './resource-specs';
import { graphqlTime } from './time-format';

type Context = ShopifyGraphqlContext;

/** Quantity names Shopify tracks per inventory level. The sandbox keeps only `available`; the rest derive. */
export const INVENTORY_QUANTITY_NAMES = [
  'available',
  'committed',
  'damaged',
  'incoming',
  'on_hand',
  'quality_control',
  'reserved',
  'safety_stock',
] as const;

function totalAvailable(context: Context, variantId: number): number {
  return context.store.inventoryOf(variantId).reduce((sum, level) => sum + level.available, 0);
}

export function renderCollectionNode(category: Category) {
  return {
    __typename: 'Collection',
    id: gid('Collection', category.id),
    legacyResourceId: String(shopifyId('Collection', category.id)),
    title: category.name,
    handle: category.slug,
    descriptionHtml: category.description,
    updatedAt: graphqlTime(category.updatedAt),
    products: (args: PageArgs, context: Context) =>
      listConnection(
        context.store
          .listProducts()
          .filter((product) => product.categoryIds.includes(category.id))
          .map(renderProductNode),
        args,
        context,
      ),
  };
}

export function renderProductNode(product: Product) {
  return {
    __typename: 'Product',
    id: gid('Product', product.id),
    legacyResourceId: String(shopifyId('Product', product.id)),
    title: product.title,
    handle: product.handle,
    descriptionHtml: product.descriptionHtml,
    vendor: product.vendor,
    productType: product.productType,
    status: product.status.toUpperCase(),
    tags: product.tags,
    createdAt: graphqlTime(product.createdAt),
    updatedAt: graphqlTime(product.updatedAt),
    publishedAt: graphqlTime(product.publishedAt),
    options: (args: { first?: number | null }) =>
      product.options.slice(0, args.first ?? undefined).map((option, index) => ({
        __typename: 'ProductOption',
        id: `gid://shopify/ProductOption/${shopifyId('Product', product.id) * 10n + BigInt(index + 1)}`,
        name: option.name,
        position: index + 1,
        values: option.values,
      })),
    totalInventory: (_args: unknown, context: Context) =>
      product.variantIds.reduce((sum, variantId) => sum + totalAvailable(context, variantId), 0),
    tracksInventory: (_args: unknown, context: Context) =>
      context.store.variantsOf(product.id).some((variant) => variant.inventoryTracked),
    variants: (args: PageArgs, context: Context) =>
      listConnection(context.store.variantsOf(product.id).map(renderVariantNode), args, context),
    collections: (args: PageArgs, context: Context) =>
      listConnection(
        product.categoryIds.flatMap((id) => {
          const category = context.store.getCategory(id);
          return category ? [renderCollectionNode(category)] : [];
        }),
        args,
        context,
      ),
  };
}

export function renderVariantNode(variant: Variant) {
  const productOf = (context: Context) => context.store.getProduct(variant.productId);
  return {
    __typename: 'ProductVariant',
    id: gid('ProductVariant', variant.id),
    legacyResourceId: String(shopifyId('ProductVariant', variant.id)),
    title: variant.title,
    sku: variant.sku === '' ? null : variant.sku,
    barcode: variant.barcode === '' ? null : variant.barcode,
    price: restDecimal(variant.price),
    compareAtPrice: variant.compareAtPrice === null ? null : restDecimal(variant.compareAtPrice),
    position: variant.position,
    taxable: variant.taxable,
    createdAt: graphqlTime(variant.createdAt),
    updatedAt: graphqlTime(variant.updatedAt),
    displayName: (_args: unknown, context: Context) => {
      const title = productOf(context)?.title ?? '';
      return variant.title === 'Default Title' ? title : `${title} - ${variant.title}`;
    },
    selectedOptions: (_args: unknown, context: Context) => {
      const options = productOf(context)?.options ?? [];
      if (options.length === 0) return [{ name: 'Title', value: variant.title }];
      return options.map((option, index) => ({ name: option.name, value: variant.options[index] ?? '' }));
    },
    inventoryQuantity: (_args: unknown, context: Context) => totalAvailable(context, variant.id),
    product: (_args: unknown, context: Context) => {
      const product = productOf(context);
      return product ? renderProductNode(product) : null;
    },
    inventoryItem: () => renderInventoryItemNode(variant),
  };
}

function levelAt(
  context: Context,
  variantId: number,
  locationId: number | undefined,
): InventoryLevel | undefined {
  if (locationId === undefined) return undefined;
  return context.store.inventoryOf(variantId).find((level) => level.locationId === locationId);
}

/** Shopify's InventoryItem is one-to-one with a variant; the sandbox uses the variant id for both. */
export function renderInventoryItemNode(variant: Variant) {
  return {
    __typename: 'InventoryItem',
    id: gid('InventoryItem', variant.id),
    legacyResourceId: String(shopifyId('InventoryItem', variant.id)),
    sku: variant.sku === '' ? null : variant.sku,
    tracked: variant.inventoryTracked,
    requiresShipping: variant.requiresShipping,
    createdAt: graphqlTime(variant.createdAt),
    updatedAt: graphqlTime(variant.updatedAt),
    unitCost: (_args: unknown, context: Context) =>
      variant.unitCost === null ? null : moneyV2(variant.unitCost, context.store.shop.currency),
    variant: () => renderVariantNode(variant),
    inventoryLevels: (args: ConnectionArgs, context: Context) =>
      resourceConnection(
        () => context.store.inventoryOf(variant.id),
        args,
        inventoryLevelSpec,
        context,
        `item:${variant.id}`,
      ),
    inventoryLevel: (args: { locationId: string }, context: Context) => {
      const level = levelAt(context, variant.id, storeIdFromGid('Location', args.locationId));
      return level ? renderInventoryLevelNode(level) : null;
    },
  };
}

function quantityOf(level: InventoryLevel, name: string): number {
  switch (name) {
    case 'available':
    case 'on_hand':
      return level.available;
    default:
      return 0;
  }
}

export function renderInventoryLevelNode(level: InventoryLevel) {
  const id = inventoryLevelGid(level.locationId, level.variantId);
  return {
    __typename: 'InventoryLevel',
    id,
    canDeactivate: true,
    createdAt: graphqlTime(level.createdAt),
    updatedAt: graphqlTime(level.updatedAt),
    item: (_args: unknown, context: Context) => {
      const variant = context.store.getVariant(level.variantId);
      if (!variant) throw new GraphQLError(`Inventory item ${level.variantId} no longer exists`);
      return renderInventoryItemNode(variant);
    },
    location: (_args: unknown, context: Context) => {
      const location = context.store.getLocation(level.locationId);
      if (!location) throw new GraphQLError(`Location ${level.locationId} no longer exists`);
      return renderLocationNode(location);
    },
    quantities: (args: { names: string[] }) =>
      args.names.map((name) => {
        if (!(INVENTORY_QUANTITY_NAMES as readonly string[]).includes(name)) {
          throw new GraphQLError(`Invalid quantity name: ${name}`, {
            extensions: { code: 'BAD_USER_INPUT' },
          });
        }
        return {
          __typename: 'InventoryQuantity',
          id: `gid://shopify/InventoryQuantity/${shopifyId('Location', level.locationId)}?inventory_item_id=${shopifyId('InventoryItem', level.variantId)}&name=${name}`,
          name,
          quantity: quantityOf(level, name),
          updatedAt: graphqlTime(level.updatedAt),
        };
      }),
  };
}

export function renderLocationNode(location: Location) {
  const address = location.address;
  return {
    __typename: 'Location',
    id: gid('Location', location.id),
    legacyResourceId: String(shopifyId('Location', location.id)),
    name: location.name,
    isActive: location.active,
    fulfillsOnlineOrders: location.fulfillsOnlineOrders,
    createdAt: graphqlTime(location.createdAt),
    updatedAt: graphqlTime(location.updatedAt),
    address: {
      address1: address.address1 || null,
      address2: address.address2 || null,
      city: address.city || null,
      province: address.province || null,
      provinceCode: address.provinceCode || null,
      country: countryName(address.countryCode),
      countryCode: address.countryCode || null,
      zip: address.postcode || null,
      phone: address.phone || null,
      formatted: [
        address.address1,
        address.address2,
        [address.city, address.provinceCode, address.postcode].filter(Boolean).join(' '),
        countryName(address.countryCode),
      ].filter((line): line is string => Boolean(line)),
    },
    inventoryLevels: (args: ConnectionArgs, context: Context) =>
      resourceConnection(
        () => context.store.listInventoryLevels().filter((level) => level.locationId === location.id),
        args,
        inventoryLevelSpec,
        context,
        `location:${location.id}`,
      ),
    inventoryLevel: (args: { inventoryItemId: string }, context: Context) => {
      const variantId = storeIdFromGid('InventoryItem', args.inventoryItemId);
      const level = variantId === undefined ? undefined : levelAt(context, variantId, location.id);
      return level ? renderInventoryLevelNode(level) : null;
    },
  };
}

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });
const countryNameCache = new Map<string, string>();

/** `US` → `United States`, as Shopify spells country names. */
export function countryName(code: string): string | null {
  if (!code) return null;
  let name = countryNameCache.get(code);
  if (name === undefined) {
    try {
      name = countryNames.of(code.toUpperCase()) ?? code;
    } catch {
      // Not an ISO region code: Shopify shows what it was given.
      name = code;
    }
    countryNameCache.set(code, name);
  }
  return name;
}
