import { readdirSync, readFileSync } from 'node:fs';

/**
 * The WooCommerce payloads of shared/fixtures/platforms/woocommerce (official documentation
 * examples; provenance in that folder's README), copied here so the tests run from a clone.
 */
const FIXTURE_DIR = new URL('./', import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURE_DIR), 'utf8');
}

export function fixture(name: string): unknown {
  return JSON.parse(fixtureText(name));
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}
