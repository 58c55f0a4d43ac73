#!/usr/bin/env node
// Runs the database test files (*.pg.test.ts) against the real PostgreSQL in TEST_DATABASE_URL.
// Each test file creates and drops its own databases there, so the URL needs CREATEDB rights.
// Usage: node scripts/test-pg.mjs [path-prefix…] [vitest options…]
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const url = process.env.TEST_DATABASE_URL;
if (!url) {
  console.error(
    'test:pg needs TEST_DATABASE_URL, a PostgreSQL URL whose user may create databases, e.g.\n' +
      '  TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:pg',
  );
  process.exit(2);
}

const args = process.argv.slice(2);
const prefixes = args.filter((arg) => !arg.startsWith('-'));
const options = args.filter((arg) => arg.startsWith('-'));

// vitest ORs its positional filters, so narrowing to "pg tests under this path" is done here.
const files = ['apps', 'packages', 'tests']
  .flatMap((root) => {
    try {
      return readdirSync(root, { recursive: true }).map((file) => join(root, String(file)));
    } catch {
      return []; // a root that does not exist has no tests
    }
  })
  .filter((file) => file.endsWith('.pg.test.ts') && !file.includes('node_modules'))
  .filter((file) => prefixes.length === 0 || prefixes.some((prefix) => file.startsWith(prefix)));

if (files.length === 0) {
  console.error(`No *.pg.test.ts files found${prefixes.length ? ` under ${prefixes.join(', ')}` : ''}.`);
  process.exit(1);
}

// `npm test` covers PGlite; here every database test runs on the real server only.
const env = { TEST_DATABASE_ONLY: 'postgres', ...process.env };
const child = spawn('npx', ['vitest', 'run', ...options, ...files], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
