import { z } from 'zod';
import type { StoreView } from '../engine/connector';
import { MAGENTO_PAGE_SIZE } from './magento-paging';

/** Per-store Magento settings (beside the engine's own `rateLimit`, `timeoutMs`, …). */
export const MagentoSettings = z.looseObject({
  /**
   * `searchCriteria[pageSize]` of every search. Stores with Web API input limits enabled cap it at 300.
   * @default 100
   */
  pageSize: z.int().min(1).max(300).optional(),
});
export type MagentoSettings = z.infer<typeof MagentoSettings>;

export function pageSizeOf(store: StoreView): number {
  const parsed = MagentoSettings.safeParse(store.settings);
  return (parsed.success ? parsed.data.pageSize : undefined) ?? MAGENTO_PAGE_SIZE;
}
