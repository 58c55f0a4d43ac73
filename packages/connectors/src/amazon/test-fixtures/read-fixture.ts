import { readdirSync, readFileSync } from 'node:fs';

/**
 * The Amazon SP-API payloads of shared/fixtures/platforms/amazon (official models, docs and
 * observed bodies; provenance in that folder's README), copied so the tests run from a clone.
 */
const FIXTURE_DIR = new URL('./', import.meta.url);

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, FIXTURE_DIR), 'utf8'));
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}
