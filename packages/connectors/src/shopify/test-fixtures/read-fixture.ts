import { readdirSync, readFileSync } from 'node:fs';
import { parseJsonBigIntSafe } from '../../engine/json';

/**
 * The Shopify payloads of shared/fixtures/platforms/shopify (official documentation examples and
 * client-library fixtures; provenance in that folder's README), copied here so tests run from a clone.
 */
const FIXTURE_DIR = new URL('./', import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURE_DIR), 'utf8');
}

/** Parsed the way the connector parses REST and webhook bodies: ids beyond 2^53 stay exact strings. */
export function fixture(name: string): unknown {
  return parseJsonBigIntSafe(fixtureText(name));
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => name.endsWith('.json') || name.endsWith('.jsonl'))
    .sort();
}
