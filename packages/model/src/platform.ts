import { z } from 'zod';

export const Platform = z
  .enum(['shopify', 'woocommerce', 'magento', 'amazon'])
  .describe('The commerce platform a store runs on.');
export type Platform = z.infer<typeof Platform>;
