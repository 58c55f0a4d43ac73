import { readFileSync } from 'node:fs';

/**
 * Magento documentation payloads (shared/fixtures/platforms/magento, provenance in its README),
 * copied here so the emulator's shapes are checked against them from a clone.
 */
export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, new URL('./', import.meta.url)), 'utf8'));
}
