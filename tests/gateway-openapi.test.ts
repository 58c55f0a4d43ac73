import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  OPENAPI_CLIENT_TYPES_FILE,
  renderOpenApiClientTypes,
} from '../apps/gateway/src/testing/openapi-client-types';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the committed OpenAPI document', () => {
  it('passes redocly lint', async () => {
    // A lint error makes redocly exit non-zero, which rejects here.
    const { stderr } = await promisify(execFile)(
      'npx',
      ['redocly', 'lint', '--config', 'openapi/redocly.yaml', '--format', 'summary', 'openapi/openapi.json'],
      {
        cwd: root,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    expect(stderr).toContain('Your API description is valid');
  }, 60_000);

  it('matches the checked-in client types (regenerate with the command in openapi.gen.ts when this fails)', async () => {
    expect(await readFile(OPENAPI_CLIENT_TYPES_FILE, 'utf8')).toBe(await renderOpenApiClientTypes());
  }, 60_000);
});
