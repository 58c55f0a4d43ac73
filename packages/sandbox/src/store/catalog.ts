import { SandboxStoreError } from './errors';
import type {
  ChangePriceInput,
  CreateCategoryInput,
  CreateLocationInput,
  CreateProductInput,
  UpdateProductInput,
} from './inputs';
import { normalizeAmount } from './money';
import { emit, nextId, requireRecord, type StoreState, stamp } from './store-state';
import type { Category, InventoryLevel, Location, Product, StoreMutation, Variant } from './types';

export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'item';
}

export function createCategory(state: StoreState, input: CreateCategoryInput): Category {
  if (input.parentId != null) requireRecord(state.categories, 'category', input.parentId);
  const at = stamp(state);
  const category: Category = {
    id: nextId(state, 'category'),
    name: input.name,
    slug: input.slug ?? slugify(input.name),
    parentId: input.parentId ?? null,
    description: input.description ?? '',
    createdAt: at,
    updatedAt: at,
  };
  state.categories.set(category.id, category);
  emit(state, { kind: 'category', action: 'created', id: category.id, cause: 'createCategory', at });
  return category;
}

export function createLocation(state: StoreState, input: CreateLocationInput): Location {
  const at = stamp(state);
  const location: Location = {
    id: nextId(state, 'location'),
    name: input.name,
    address: { ...input.address },
    active: input.active ?? true,
    fulfillsOnlineOrders: input.fulfillsOnlineOrders ?? true,
    createdAt: at,
    updatedAt: at,
  };
  state.locations.set(location.id, location);
  emit(state, { kind: 'location', action: 'created', id: location.id, cause: 'createLocation', at });
  return location;
}

export function createProduct(state: StoreState, input: CreateProductInput): Product {
  const options = input.options ?? [];
  if (input.variants.length === 0) {
    throw new SandboxStoreError('invalid_input', 'A product needs at least one variant');
  }
  for (const categoryId of input.categoryIds ?? []) requireRecord(state.categories, 'category', categoryId);
  for (const variant of input.variants) {
    const given = variant.options ?? [];
    if (given.length !== options.length) {
      throw new SandboxStoreError(
        'invalid_input',
        `Variant ${variant.sku} has ${given.length} option values, the product has ${options.length} options`,
      );
    }
    for (const locationId of Object.keys(variant.stock ?? {})) {
      requireRecord(state.locations, 'location', Number(locationId));
    }
  }
  const at = stamp(state);
  const currency = state.shop.currency;
  const productId = nextId(state, 'product');
  const variants: Variant[] = input.variants.map((variant, index) => {
    const values = variant.options ?? [];
    return {
      id: nextId(state, 'variant'),
      productId,
      title: values.length > 0 ? values.join(' / ') : 'Default Title',
      sku: variant.sku,
      barcode: variant.barcode ?? '',
      options: [...values],
      price: normalizeAmount(variant.price, currency),
      compareAtPrice:
        variant.compareAtPrice == null ? null : normalizeAmount(variant.compareAtPrice, currency),
      unitCost: variant.unitCost == null ? null : normalizeAmount(variant.unitCost, currency),
      weightGrams: variant.weightGrams ?? 0,
      taxable: variant.taxable ?? true,
      requiresShipping: variant.requiresShipping ?? true,
      inventoryTracked: variant.inventoryTracked ?? true,
      position: index + 1,
      createdAt: at,
      updatedAt: at,
    };
  });
  const product: Product = {
    id: productId,
    title: input.title,
    handle: input.handle ?? slugify(input.title),
    descriptionHtml: input.descriptionHtml ?? '',
    vendor: input.vendor ?? state.shop.name,
    productType: input.productType ?? '',
    categoryIds: [...(input.categoryIds ?? [])],
    tags: [...(input.tags ?? [])],
    status: input.status ?? 'active',
    options: options.map((option) => ({ name: option.name, values: [...option.values] })),
    variantIds: variants.map((variant) => variant.id),
    imageUrls: [...(input.imageUrls ?? [])],
    publishedAt: (input.status ?? 'active') === 'active' ? at : null,
    createdAt: at,
    updatedAt: at,
  };
  state.products.set(product.id, product);
  emit(state, { kind: 'product', action: 'created', id: product.id, cause: 'createProduct', at });
  input.variants.forEach((variantInput, index) => {
    const variant = variants[index]!;
    state.variants.set(variant.id, variant);
    emit(state, { kind: 'variant', action: 'created', id: variant.id, cause: 'createProduct', at });
    for (const location of state.locations.values()) {
      writeLevel(state, variant.id, location.id, variantInput.stock?.[location.id] ?? 0, 'createProduct', at);
    }
  });
  return product;
}

export function updateProduct(state: StoreState, productId: number, input: UpdateProductInput): Product {
  const current = requireRecord(state.products, 'product', productId);
  for (const categoryId of input.categoryIds ?? []) requireRecord(state.categories, 'category', categoryId);
  const at = stamp(state);
  const status = input.status ?? current.status;
  const product: Product = {
    ...current,
    ...definedOnly(input),
    categoryIds: input.categoryIds ? [...input.categoryIds] : current.categoryIds,
    tags: input.tags ? [...input.tags] : current.tags,
    publishedAt: status === 'active' ? (current.publishedAt ?? at) : null,
    updatedAt: at,
  };
  state.products.set(productId, product);
  emit(state, { kind: 'product', action: 'updated', id: productId, cause: 'updateProduct', at });
  return product;
}

/** Removes a product with its variants and stock; orders and carts keep their (now dangling) references. */
export function deleteProduct(state: StoreState, productId: number): void {
  const product = requireRecord(state.products, 'product', productId);
  const at = stamp(state);
  for (const variantId of product.variantIds) {
    const levels = state.inventoryIndex.get(variantId);
    for (const levelId of levels?.values() ?? []) state.inventoryLevels.delete(levelId);
    state.inventoryIndex.delete(variantId);
    state.variants.delete(variantId);
  }
  state.products.delete(productId);
  emit(state, { kind: 'product', action: 'deleted', id: productId, cause: 'deleteProduct', at });
  for (const variantId of product.variantIds) {
    emit(state, { kind: 'variant', action: 'deleted', id: variantId, cause: 'deleteProduct', at });
  }
}

export function changePrice(state: StoreState, variantId: number, input: ChangePriceInput): Variant {
  const current = requireRecord(state.variants, 'variant', variantId);
  const currency = state.shop.currency;
  const at = stamp(state);
  const variant: Variant = {
    ...current,
    price: normalizeAmount(input.price, currency),
    compareAtPrice:
      input.compareAtPrice === undefined
        ? current.compareAtPrice
        : input.compareAtPrice === null
          ? null
          : normalizeAmount(input.compareAtPrice, currency),
    unitCost:
      input.unitCost === undefined
        ? current.unitCost
        : input.unitCost === null
          ? null
          : normalizeAmount(input.unitCost, currency),
    updatedAt: at,
  };
  state.variants.set(variantId, variant);
  touchProduct(state, variant.productId, at);
  emit(state, { kind: 'variant', action: 'updated', id: variantId, cause: 'changePrice', at });
  emit(state, { kind: 'product', action: 'updated', id: variant.productId, cause: 'changePrice', at });
  return variant;
}

export function setInventory(
  state: StoreState,
  variantId: number,
  locationId: number,
  available: number,
): InventoryLevel {
  requireStockable(state, variantId, locationId);
  if (!Number.isInteger(available))
    throw new SandboxStoreError('invalid_input', 'available must be an integer');
  return writeLevel(state, variantId, locationId, available, 'setInventory', stamp(state));
}

export function restock(
  state: StoreState,
  variantId: number,
  locationId: number,
  quantity: number,
): InventoryLevel {
  requireStockable(state, variantId, locationId);
  if (!Number.isInteger(quantity) || quantity <= 0) {
    throw new SandboxStoreError('invalid_input', 'restock quantity must be a positive integer');
  }
  const current = findLevel(state, variantId, locationId)?.available ?? 0;
  return writeLevel(state, variantId, locationId, current + quantity, 'restock', stamp(state));
}

function requireStockable(state: StoreState, variantId: number, locationId: number): void {
  requireRecord(state.variants, 'variant', variantId);
  requireRecord(state.locations, 'location', locationId);
}

export function findLevel(
  state: StoreState,
  variantId: number,
  locationId: number,
): InventoryLevel | undefined {
  const levelId = state.inventoryIndex.get(variantId)?.get(locationId);
  return levelId === undefined ? undefined : state.inventoryLevels.get(levelId);
}

/** Sets one (variant, location) level, creating it if needed, and emits the change. */
export function writeLevel(
  state: StoreState,
  variantId: number,
  locationId: number,
  available: number,
  cause: StoreMutation,
  at: string,
): InventoryLevel {
  const current = findLevel(state, variantId, locationId);
  const level: InventoryLevel = current
    ? { ...current, available, updatedAt: at }
    : { id: nextId(state, 'inventoryLevel'), variantId, locationId, available, createdAt: at, updatedAt: at };
  state.inventoryLevels.set(level.id, level);
  let byLocation = state.inventoryIndex.get(variantId);
  if (!byLocation) {
    byLocation = new Map();
    state.inventoryIndex.set(variantId, byLocation);
  }
  byLocation.set(locationId, level.id);
  emit(state, { kind: 'inventory_level', action: current ? 'updated' : 'created', id: level.id, cause, at });
  return level;
}

function touchProduct(state: StoreState, productId: number, at: string): void {
  const product = state.products.get(productId);
  if (product) state.products.set(productId, { ...product, updatedAt: at });
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
