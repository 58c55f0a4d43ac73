import { z } from 'zod';
import { ID_PREFIX, prefixedId } from '../ids';
import { Platform } from '../platform';
import { IsoDateTime } from '../time';

/**
 * Fields every normalized entity carries. Spread into each entity's `z.object({...})` so the shape stays
 * flat in the generated OpenAPI/GraphQL documents.
 */
export const entityBase = {
  storeId: prefixedId(ID_PREFIX.store).describe('Cartwire id of the store this record belongs to (sto_…).'),
  platform: Platform.describe('Platform the record was read from.'),
  externalId: z
    .string()
    .min(1)
    .describe(
      "The platform's own id for this record, as a string (int64 ids are kept exact, never as numbers).",
    ),
  createdAt: IsoDateTime.describe('When the record was created on the platform (UTC).'),
  updatedAt: IsoDateTime.describe(
    'When the record last changed on the platform (UTC); where a platform reports no modification time, ' +
      'the time Cartwire observed this version.',
  ),
  raw: z
    .unknown()
    .optional()
    .describe('The platform payload this record was mapped from, unchanged. Only present when requested.'),
};

/** `createdAt` for records some platforms give no creation time for (locations, collections, stock levels). */
export const nullableCreatedAt = IsoDateTime.nullable().describe(
  'When the record was created on the platform (UTC); null when the platform does not report it.',
);
