export {
  type ConnectorContractOptions,
  type ContractEmulator,
  type ContractWebhookOptions,
  runConnectorContract,
} from './contract-suite';
export {
  type LeakyBucketServer,
  type LeakyBucketServerOptions,
  startLeakyBucketServer,
} from './leaky-bucket-server';
export {
  type LocalHandler,
  type LocalHttpServer,
  type RecordedRequest,
  sendJson,
  startLocalHttpServer,
} from './local-http-server';
