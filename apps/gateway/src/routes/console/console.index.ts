import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AppEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';

export const CONSOLE_PATH = '/console';

const ASSETS_DIR = new URL('../../../console/', import.meta.url);

const ASSETS: Record<string, { file: string; type: string }> = {
  [CONSOLE_PATH]: { file: 'index.html', type: 'text/html; charset=utf-8' },
  [`${CONSOLE_PATH}/console.js`]: { file: 'console.js', type: 'text/javascript; charset=utf-8' },
  [`${CONSOLE_PATH}/console.css`]: { file: 'console.css', type: 'text/css; charset=utf-8' },
};

/**
 * The page only talks to this gateway's public API with the key the user pastes: nothing inline,
 * nothing from elsewhere, never framed.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/** The web console at /console: static files over the public REST API (no endpoint of its own). */
export function createConsoleRouter() {
  const cache = new Map<string, Promise<string>>();
  const router = createRouter<AppEnv>();
  router.get(`${CONSOLE_PATH}/`, (c) => c.redirect(CONSOLE_PATH, 301));
  for (const [path, asset] of Object.entries(ASSETS)) {
    router.get(path, async (c) => {
      let body = cache.get(asset.file);
      if (!body) {
        body = readFile(fileURLToPath(new URL(asset.file, ASSETS_DIR)), 'utf8');
        cache.set(asset.file, body);
      }
      return c.body(await body, 200, { 'content-type': asset.type, ...SECURITY_HEADERS });
    });
  }
  return router;
}
