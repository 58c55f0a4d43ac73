import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createCredentialCipher, openDatabase } from '@cartwire/storage';
import { createApp, type GatewayApp } from '../app';
import { systemClock } from '../clock';
import { createLogger } from '../logger';
import { createGatewayRepositories } from '../repositories';
import { buildOpenApiDocument, stableStringify } from './document';

/** Where the committed document lives (repo root `openapi/`). */
export const OPENAPI_FILE = fileURLToPath(new URL('../../../../openapi/openapi.json', import.meta.url));

/** The app's OpenAPI document as the committed file holds it (sorted keys, trailing newline). */
export function renderOpenApiJson(app: GatewayApp): string {
  return stableStringify(buildOpenApiDocument(app));
}

/**
 * The document of a freshly built app. It comes from the route registry alone; the in-memory
 * database only satisfies createApp and is never queried.
 */
export async function generateOpenApiJson(): Promise<string> {
  const database = await openDatabase();
  try {
    const app = createApp({
      config: { requestBodyLimitBytes: 1024 * 1024, rateLimit: null },
      database,
      repositories: createGatewayRepositories(database, {
        clock: systemClock,
        cipher: createCredentialCipher(randomBytes(32)),
      }),
      logger: createLogger({ level: 'silent' }),
      clock: systemClock,
    });
    return renderOpenApiJson(app);
  } finally {
    await database.close();
  }
}
