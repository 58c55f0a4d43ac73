export {
  type LocalHandler,
  type LocalHttpServer,
  type RecordedRequest,
  sendJson,
  startLocalHttpServer,
} from './local-http-server';
