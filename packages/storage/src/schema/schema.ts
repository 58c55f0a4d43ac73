import { apiKeys } from './api-keys';
import {
  carts,
  collections,
  customers,
  inventoryLevels,
  locations,
  orders,
  products,
  refunds,
  shipments,
  variants,
} from './entity-tables';
import { eventCursors } from './event-cursors';
import { events } from './events';
import {
  adsAudienceMembers,
  adsCatalogPauses,
  governancePolicies,
  governanceSignals,
  governanceSuppressions,
  messageInteractions,
  messageLog,
  offerCodes,
  onsiteMessages,
} from './governance';
import { idempotencyKeys } from './idempotency-keys';
import { jobs } from './jobs';
import { messagingProviders, pushDevices } from './messaging-providers';
import {
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEndpoints,
  webhookFanoutCursor,
} from './outbound-webhooks';
import { clvModels, customerPredictions } from './predictions';
import { customerMetrics, customerMetricsCursor, segmentMemberships, segments } from './segments';
import { stores } from './stores';
import { syncCheckpoints } from './sync-checkpoints';
import { contentBlocks, messageTemplates, messagingSettings } from './templates';
import { tenants } from './tenants';
import { webhookReceipts } from './webhook-receipts';
import {
  waitlistSubscriptions,
  workflowRuns,
  workflowStepEvents,
  workflows,
  workflowVersions,
} from './workflows';

/** Every table, handed to drizzle so one typed instance serves both drivers. */
export const schema = {
  tenants,
  idempotencyKeys,
  apiKeys,
  stores,
  locations,
  collections,
  products,
  variants,
  inventoryLevels,
  customers,
  orders,
  refunds,
  shipments,
  carts,
  events,
  eventCursors,
  syncCheckpoints,
  jobs,
  webhookReceipts,
  webhookEndpoints,
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookFanoutCursor,
  workflows,
  workflowVersions,
  workflowRuns,
  workflowStepEvents,
  waitlistSubscriptions,
  governancePolicies,
  governanceSuppressions,
  governanceSignals,
  messageLog,
  messageInteractions,
  offerCodes,
  adsAudienceMembers,
  adsCatalogPauses,
  onsiteMessages,
  messageTemplates,
  contentBlocks,
  messagingSettings,
  messagingProviders,
  pushDevices,
  customerMetrics,
  customerMetricsCursor,
  segments,
  segmentMemberships,
  clvModels,
  customerPredictions,
};

export type Schema = typeof schema;
