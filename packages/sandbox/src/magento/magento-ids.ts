/**
 * How sandbox records become Magento entity ids. Magento keeps configurable parents and their simple
 * children in one `catalog_product_entity` table, while the sandbox numbers products and variants in
 * separate sequences; children (and the child rows of configurable order/quote items) are therefore
 * moved into a range of their own so no two catalogue ids collide.
 */
export const CHILD_ID_OFFSET = 1_000_000;

/** Entity id of a configurable parent or of a standalone simple product. */
export function parentProductId(productId: number): number {
  return productId;
}

/** Entity id of the simple child product that represents a variant of a configurable product. */
export function childProductId(variantId: number): number {
  return CHILD_ID_OFFSET + variantId;
}

/** Item id of the simple child row Magento adds under a configurable order or quote item. */
export function childItemId(lineId: number): number {
  return CHILD_ID_OFFSET + lineId;
}

/** Entity id of one row inside a credit memo or shipment (rows are numbered per document). */
export function documentRowId(documentId: number, index: number): number {
  return documentId * 1000 + index + 1;
}

/** MSI source codes are merchant-chosen slugs; the first location is Magento's `default` source. */
export function sourceCodeOf(locationId: number, name: string, firstLocationId: number | undefined): string {
  if (locationId === firstLocationId) return 'default';
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `${slug || 'source'}_${locationId}`;
}
