import { z } from 'zod';

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/;

/** A Shopify global id such as `gid://shopify/Order/148977776` (some carry a query string). */
export const ShopifyGid = z.string().regex(GID, 'expected a gid://shopify/… id');

/**
 * The numeric id inside a gid, as a string: the `externalId` of every Shopify entity, identical for
 * GraphQL records (`gid://shopify/Order/450789469`) and REST/webhook bodies (`id: 450789469`).
 * @throws Error when the value is not a Shopify gid.
 */
export function numericIdOf(gid: string): string {
  const match = GID.exec(gid);
  if (!match?.[2]) throw new Error(`not a Shopify gid: ${gid}`);
  return match[2];
}

/** The query parameters a gid carries (`InventoryLevel/1?inventory_item_id=2`). */
export function gidParams(gid: string): URLSearchParams {
  const match = GID.exec(gid);
  return new URLSearchParams(match?.[3]?.slice(1) ?? '');
}

export function toGid(kind: string, numericId: string | number): string {
  return `gid://shopify/${kind}/${String(numericId)}`;
}
