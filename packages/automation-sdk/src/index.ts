export {
  type AttributableOrder,
  type Attribution,
  AttributionInputError,
  type AttributionInputErrorCode,
  type AttributionWindows,
  attributeOrders,
  DEFAULT_ATTRIBUTION_WINDOWS,
  type Interaction,
  type Touch,
} from './attribution/attribute';
export {
  type AdsAudiences,
  type AdsAudiencesOptions,
  type AudienceMemberRecord,
  createAdsAudiences,
} from './channels/ads/ads-audiences';
export type {
  AdsAudienceProvider,
  AdsCatalogProvider,
  CatalogBatchResult,
} from './channels/ads/ads-provider';
export {
  type AdsCatalogItems,
  type AdsCatalogItemsOptions,
  type CatalogPauseRecord,
  type CatalogStep,
  createAdsCatalogItems,
} from './channels/ads/catalog-items';
export {
  createHttpAdsAudienceProvider,
  type HttpAdsAudienceProviderOptions,
} from './channels/ads/http-ads-provider';
export {
  CATALOG_PAUSE_LABELS,
  type CatalogPauseLabel,
  createHttpAdsCatalogProvider,
  type HttpAdsCatalogProviderOptions,
} from './channels/ads/http-catalog-provider';
export {
  type AdsPlatform,
  type HashedIdentifiers,
  hashIdentifiers,
  normalizeAdsEmail,
  normalizeAdsPhone,
  sha256Hex,
} from './channels/ads/identifiers';
export {
  createStatusCallbackHandler,
  type DeliveryStatus,
  type DeliveryStatusUpdate,
  type RecordStatusOutcome,
  recordDeliveryStatus,
  type StatusCallbackHandlerOptions,
  type StatusCallbackParser,
  type StatusCallbackRequest,
} from './channels/delivery-status';
export {
  type ComposedEmail,
  classifySmtpError,
  createEmailChannel,
  type EmailChannel,
  type EmailChannelOptions,
  EmailDeliveryError,
} from './channels/email/email-channel';
export {
  type EmailTrackingOptions,
  MAX_TRACKING_TOKEN_LENGTH,
  signTrackingToken,
  type TrackingKind,
  type TrackingSubject,
  trackEmail,
  verifyTrackingToken,
} from './channels/email/tracking';
export {
  createUnsubscribeHandler,
  signUnsubscribeToken,
  type UnsubscribeSubject,
  verifyUnsubscribeToken,
} from './channels/email/unsubscribe-token';
export {
  type ChannelErrorCode,
  InvalidPhoneNumberError,
  InvalidStatusCallbackError,
  ProviderError,
} from './channels/errors';
export {
  createOnsiteChannel,
  createOnsiteInbox,
  defaultOnsiteContent,
  type OnsiteChannelOptions,
  type OnsiteContent,
  type OnsiteInbox,
  type OnsiteInboxOptions,
  type OnsiteMessage,
  type StorefrontScope,
} from './channels/onsite/onsite-messages';
export { toE164 } from './channels/phone';
export { isRetryableStatus, type ProviderHttpOptions } from './channels/provider-http';
export {
  createHttpPushProvider,
  type HttpPushProviderOptions,
  signJsonCallback,
} from './channels/push/http-push-provider';
export { createPushChannel, type PushChannelOptions } from './channels/push/push-channel';
export type {
  PushNotification,
  PushProvider,
  PushSendRequest,
  PushSendResult,
} from './channels/push/push-provider';
export {
  createHttpSmsProvider,
  type HttpSmsProviderOptions,
  signFormCallback,
} from './channels/sms/http-sms-provider';
export { createSmsChannel, type MessageRenderer, type SmsChannelOptions } from './channels/sms/sms-channel';
export type { SmsProvider, SmsSendRequest } from './channels/sms/sms-provider';
export {
  assertBgNbdParams,
  assertRfmSummary,
  type BgNbdFit,
  type BgNbdFitOptions,
  type BgNbdParams,
  bgNbdLogLikelihood,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  fitBgNbdAsync,
  probabilityAlive,
  probabilityOfPurchases,
  type RfmSummary,
} from './clv/bg-nbd';
export {
  ClvError,
  type ClvErrorCode,
  ClvFitNotConvergedError,
  InsufficientClvDataError,
  InvalidClvInputError,
} from './clv/errors';
export {
  assertGammaGammaParams,
  expectedAverageSpend,
  fitGammaGamma,
  fitGammaGammaAsync,
  type GammaGammaFit,
  type GammaGammaFitOptions,
  type GammaGammaParams,
  gammaGammaLogLikelihood,
  type SpendSummary,
} from './clv/gamma-gamma';
export { type LifetimeValueOptions, lifetimeValue, periodDiscountRate } from './clv/lifetime-value';
export {
  type ClvService,
  type ClvServiceOptions,
  type CustomerPrediction,
  createClvService,
  DEFAULT_CLV_SETTINGS,
  PREDICTION_HORIZONS_DAYS,
  type StoreClvModel,
} from './clv/store-clv';
export {
  type ClvTimeUnit,
  type CustomerSummary,
  type Purchase,
  type SummarizeOptions,
  summarizePurchases,
} from './clv/summarize';
export {
  action,
  all,
  any,
  type BranchCase,
  branch,
  byCorrelation,
  byCustomer,
  defineWorkflow,
  exit,
  field,
  goTo,
  inSegment,
  not,
  type PathsOf,
  type SplitVariant,
  type Step,
  send,
  split,
  type TriggerSpec,
  type TypedFieldPath,
  variant,
  type WorkflowSpec,
  wait,
  when,
} from './definition/builder';
export {
  CompareOp,
  Condition,
  FIELD_ROOTS,
  FieldPath,
  type FieldRoot,
  FieldRule,
  RuleValue,
  SegmentRule,
} from './definition/condition';
export { Duration, durationMs } from './definition/duration';
export {
  describeCondition,
  nodeLabel,
  toMermaid,
  type WorkflowGraph,
  workflowGraph,
} from './definition/render';
export {
  isTimeZone,
  parseWorkflow,
  type ValidationResult,
  validateWorkflow,
} from './definition/validate-workflow';
export {
  Action,
  EventMatch,
  edgesOf,
  Holdout,
  LiveCheck,
  NodeId,
  type NodeOf,
  type NodeType,
  Offer,
  Recommendations,
  Reentry,
  WaitUntil,
  WORKFLOW_SCHEMA_VERSION,
  WorkflowDefinition,
  type WorkflowDefinitionInput,
  WorkflowEventRule,
  WorkflowNode,
  type WorkflowNodeInput,
} from './definition/workflow-definition';
export type { WorkflowProblem, WorkflowProblemCode } from './definition/workflow-problem';
export { type DryRunOptions, type DryRunResult, type DryRunStep, dryRun } from './dry-run';
export {
  AutomationError,
  type AutomationErrorCode,
  InvalidCursorError,
  InvalidDurationError,
  InvalidEvaluationInputError,
  InvalidSegmentError,
  InvalidWaitlistSubscriptionError,
  InvalidWorkflowError,
  NoActionHandlerError,
  NoChannelError,
  RunNotFoundError,
  SegmentNotFoundError,
  SegmentsUnavailableError,
  SendRefusedError,
  StepFailedError,
  WorkflowKeyConflictError,
  WorkflowKeyMismatchError,
  WorkflowNotFoundError,
  WorkflowVersionNotApprovedError,
  WorkflowVersionNotFoundError,
} from './errors';
export {
  createEvaluationContext,
  customerOfEvent,
  type EvaluationContext,
  EvaluationInput,
  recordsOfEvent,
} from './evaluate/context';
export { decideEntry, type EntryDecision, triggerOf } from './evaluate/entry';
export { evaluateCondition, resolveField, resolveKey } from './evaluate/evaluate-condition';
export { availableRoots, type EntityRoot, type FieldScope, fieldPathProblem } from './evaluate/fields';
export { itemVariantIds, liveCheckFailure, priceSnapshot } from './evaluate/live-checks';
export {
  computeMetric,
  METRICS,
  type MetricInput,
  type MetricName,
  type MetricSource,
} from './evaluate/metrics';
export {
  chooseVariant,
  decideStep,
  type MessageDraft,
  type PlanInput,
  recommend,
  type StepDecision,
} from './evaluate/plan';
export { nextLocalTime, type Weekday } from './evaluate/time-of-day';
export {
  type AbandonedCartOptions,
  type AdsAudienceOptions,
  abandonedCartWorkflow,
  type BackInStockOptions,
  backInStockWorkflow,
  browseAbandonmentWorkflow,
  type PriceDropOptions,
  pauseAdsOutOfStockWorkflow,
  postPurchaseWorkflow,
  priceDropWorkflow,
  type WinBackOptions,
  welcomeWorkflow,
  winBackWorkflow,
} from './examples/seed-workflows';
export { type AssignmentOptions, assignArm, type ExperimentArm, HOLDOUT_ARM } from './experiments/assignment';
export { ExperimentInputError, type ExperimentInputErrorCode } from './experiments/errors';
export {
  type ArmOutcome,
  type ArmStatistics,
  type Comparison,
  type ExperimentResult,
  type ExperimentResultOptions,
  experimentResults,
  type Interval,
  normalCdf,
  summarizeArm,
  type Verdict,
  wilsonInterval,
} from './experiments/statistics';
export { GovernanceInputError, GovernanceRefusedError, type RefusalReason } from './governance/errors';
export {
  type Contact,
  createGovernanceGate,
  customerKeyOf,
  type GateDecision,
  type GovernanceGate,
  type GovernanceGateOptions,
  type MessageLogRecord,
  type MessageStatus,
  normalizeEmail,
  normalizePhone,
  type RecipientContacts,
  type SupportCaseRecord,
  SuppressionEntry,
  SuppressionKind,
  type SuppressionScope,
} from './governance/gate';
export {
  createGovernedChannel,
  type DueDelivery,
  type GovernedChannel,
  type GovernedChannelOptions,
} from './governance/governed-channel';
export {
  ChannelKind,
  DEFAULT_GOVERNANCE_POLICY,
  FrequencyCap,
  GovernanceOverride,
  GovernancePolicy,
  parsePolicy,
} from './governance/policy';
export {
  type CustomerMetrics,
  type CustomerMetricsOptions,
  type CustomerMetricsService,
  createCustomerMetrics,
  METRIC_EVENT_TYPES,
  type RefreshResult,
} from './metrics/customer-metrics';
export {
  createOfferCodes,
  type DiscountCodeIssuer,
  type DiscountCodeRequest,
  type IssuedOffer,
  type IssueOfferInput,
  type OfferCodes,
  type OfferCodesOptions,
  type OfferedMessage,
  OfferInputError,
  OfferPoolExhaustedError,
  randomOfferCode,
  type WithOfferCodesOptions,
  withOfferCodes,
} from './offers/offer-codes';
export {
  type AttributedOrder,
  type AttributionQuery,
  type CreditedMessage,
  listAttributions,
} from './reports/attribution-service';
export {
  AttributionSettings,
  type AttributionSettingsInput,
  getAttributionSettings,
  type StoredAttributionSettings,
  setAttributionSettings,
} from './reports/attribution-settings';
export {
  type MessageInteractionRecord,
  type MessageInteractionType,
  type RecordInteractionInput,
  type RecordInteractionResult,
  recordInteraction,
} from './reports/interactions';
export {
  type ExperimentQuery,
  type ExperimentReport,
  type Money as ReportMoney,
  type ReportGroupBy,
  type ReportOptions,
  type ReportQuery,
  type ReportRow,
  type WorkflowReport,
  workflowExperiment,
  workflowReport,
} from './reports/workflow-report';
export {
  type ActionHandler,
  type ActionHandlers,
  type ActionTarget,
  type Channel,
  createMemoryChannel,
  createWebhookActionHandler,
  createWebhookChannel,
  type MemoryChannel,
  newWebhookSecret,
  type OutboundMessage,
  postSigned,
  type SignedPostOptions,
  type StepOrigin,
} from './runtime/channels';
export { loadEntryContext, loadVariants } from './runtime/entry-context';
export {
  createEntityLiveData,
  createMemoryLiveData,
  type EntityLiveDataOptions,
  type LiveData,
  type MemoryLiveData,
  type RefreshableEntity,
} from './runtime/live-data';
export { dryRunLive, type LiveDryRunInput } from './runtime/live-dry-run';
export {
  createWorkflowRuntime,
  type HandleEventResult,
  type RetryOptions,
  type RunArm,
  type RunRecord,
  type RunStatus,
  runArmOf,
  type StepEventRecord,
  WORKFLOW_QUEUE,
  type WorkflowRuntime,
  type WorkflowRuntimeOptions,
} from './runtime/workflow-runtime';
export {
  createWorkflowStore,
  type WorkflowRecord,
  type WorkflowStatus,
  type WorkflowStore,
  type WorkflowStoreOptions,
  type WorkflowVersionRecord,
} from './runtime/workflow-store';
export {
  compileSegment,
  parseSegmentRule,
  type SegmentCompileOptions,
  type SegmentScope,
  validateSegmentRule,
} from './segments/compile-segment';
export {
  type FieldSqlContext,
  SEGMENT_FIELDS,
  type SegmentField,
  type SegmentFieldType,
} from './segments/segment-fields';
export {
  createSegmentRefresher,
  type RefresherLogger,
  SEGMENTS_QUEUE,
  type SegmentRefresher,
  type SegmentRefresherOptions,
  startSegmentRefresher,
} from './segments/segment-refresher';
export {
  EventCount,
  EventFilter,
  EventFilterOp,
  SegmentEventRule,
  SegmentFieldRule,
  type SegmentProblem,
  type SegmentProblemCode,
  SegmentRuleTree,
} from './segments/segment-rule';
export {
  createSegmentStore,
  type MaterializeResult,
  type PreviewCustomer,
  SEGMENT_ID_PREFIX,
  type SegmentInput,
  type SegmentMember,
  type SegmentRecord,
  type SegmentStore,
  type SegmentStoreOptions,
} from './segments/segment-store';
export {
  ContentBlockConflictError,
  ContentBlockInUseError,
  ContentBlockNotFoundError,
  InvalidTemplateError,
  InvalidTemplateInputError,
  MissingRenderRecordError,
  PreviewRecordNotFoundError,
  TemplateError,
  type TemplateErrorCode,
  TemplateKeyConflictError,
  TemplateNotFoundError,
  type TemplateProblem,
  TemplateRenderError,
} from './templates/errors';
export { htmlToText } from './templates/html-to-text';
export {
  type BlockSources,
  blockReferences,
  checkBlock,
  checkTemplate,
  type RenderedTemplate,
  renderTemplate,
  type TemplateSource,
} from './templates/liquid-engine';
export { type PreviewInput, previewTemplate, type TemplatePreview } from './templates/preview';
export {
  buildRenderContext,
  CartView,
  CustomerView,
  LineView,
  MoneyView,
  OfferView,
  OrderView,
  ProductView,
  RENDER_CONTEXTS,
  type RenderContext,
  type RenderRecords,
  ShopView,
  TemplateContextKind,
  VariantView,
} from './templates/render-context';
export {
  createMessageRenderer,
  type MessageRendererOptions,
  type RenderedMessage,
  type TemplateMessageRenderer,
} from './templates/render-message';
export {
  ContentBlockInput,
  ContentBlockPatch,
  type ContentBlockRecord,
  createTemplateStore,
  EmailSettings,
  type EmailSettingsInput,
  type MessagingSettings,
  TemplateInput,
  TemplatePatch,
  type TemplateRecord,
  type TemplateStore,
  type TemplateStoreOptions,
} from './templates/template-store';
export {
  DEFAULT_UTM_STANDARD,
  readUtm,
  rewriteHtmlLinks,
  rewriteTextLinks,
  type TagOptions,
  tagHtmlLinks,
  tagTextLinks,
  tagUrl,
  type UtmOrigin,
  type UtmParams,
  type UtmReading,
  UtmStandard,
  type UtmStandardInput,
  utmParamsFor,
} from './utm/utm';
export {
  createWaitlistActionHandler,
  createWaitlistStore,
  type WaitlistShopper,
  type WaitlistStatus,
  type WaitlistStore,
  type WaitlistStoreOptions,
  WaitlistSubscribeInput,
  type WaitlistSubscription,
} from './waitlist/waitlist-store';
