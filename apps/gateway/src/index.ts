export { type AppDeps, createApp, type GatewayApp } from './app';
export { type Clock, systemClock } from './clock';
export { ConfigError, Env, type GatewayConfig, type LoadConfigOptions, loadConfig } from './config/env';
export { ENV_DOCS, type EnvDoc, type EnvName, renderEnvTable, SECRET_ENV_KEYS } from './config/env-docs';
export { type ErrorCode, PROBLEM, Problem, ProblemError } from './http/problem';
export { createLogger, type Logger } from './logger';
export { generateOpenApiJson, OPENAPI_FILE } from './openapi/generate';
export {
  createGatewayRepositories,
  type GatewayRepositories,
  type GatewayRepositoryOptions,
} from './repositories';
export { type RunningGateway, type StartGatewayOptions, startGateway } from './server';
