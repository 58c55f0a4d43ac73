import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateOpenApiJson, OPENAPI_FILE } from '../openapi/generate';

// `npm run openapi -w @cartwire/gateway`: regenerates openapi/openapi.json from the routes.
await mkdir(path.dirname(OPENAPI_FILE), { recursive: true });
await writeFile(OPENAPI_FILE, await generateOpenApiJson());
process.stdout.write(`Wrote ${OPENAPI_FILE}\n`);
