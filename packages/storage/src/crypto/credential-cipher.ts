import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CredentialsDecryptError, StorageInputError } from '../errors';
import { parseInput } from '../validate';

/** AES-256-GCM output, each binary part base64-encoded so it fits text columns and JSON. */
export interface EncryptedValue {
  /** Which key encrypted this value, so keys can be rotated without re-encrypting everything at once. */
  keyVersion: number;
  iv: string;
  tag: string;
  data: string;
}

export interface CredentialCipher {
  /** The key version new values are encrypted with. */
  readonly keyVersion: number;
  /**
   * @param associatedData bound to the ciphertext (e.g. the store id): decrypting it under other
   *   associated data fails, so a ciphertext copied onto another row is useless.
   */
  encrypt(plaintext: string, associatedData?: string): EncryptedValue;
  /** @throws CredentialsDecryptError on tampering, a wrong key or wrong associated data. */
  decrypt(value: EncryptedValue, associatedData?: string): string;
}

export interface CredentialCipherOptions {
  /**
   * Version recorded with every new ciphertext.
   * @default 1
   */
  keyVersion?: number;
  /**
   * Older keys by version, still accepted for decryption during a key rotation.
   * @example { 1: oldKey }
   * @default {}
   */
  previousKeys?: Record<number, Buffer>;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

const EncryptedValueSchema = z.object({
  keyVersion: z.number().int().min(1),
  iv: z.base64(),
  tag: z.base64(),
  data: z.base64(),
});

function assertKey(key: Buffer, label: string): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new StorageInputError('Invalid credential key', [
      { path: label, message: `must be a Buffer of ${KEY_BYTES} bytes` },
    ]);
  }
}

/** AES-256-GCM with a fresh random 96-bit IV per value and a 128-bit auth tag. */
export function createCredentialCipher(key: Buffer, options: CredentialCipherOptions = {}): CredentialCipher {
  const keyVersion = options.keyVersion ?? 1;
  assertKey(key, 'key');
  const keys = new Map<number, Buffer>();
  for (const [version, previous] of Object.entries(options.previousKeys ?? {})) {
    assertKey(previous, `previousKeys.${version}`);
    keys.set(Number(version), previous);
  }
  keys.set(keyVersion, key);

  return {
    keyVersion,
    encrypt(plaintext, associatedData) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return {
        keyVersion,
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      };
    },
    decrypt(value, associatedData) {
      const parsed = parseInput(EncryptedValueSchema, value, 'encrypted value');
      const decryptKey = keys.get(parsed.keyVersion);
      if (!decryptKey) {
        throw new CredentialsDecryptError(`No key for key version ${parsed.keyVersion}`);
      }
      const iv = Buffer.from(parsed.iv, 'base64');
      const tag = Buffer.from(parsed.tag, 'base64');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new CredentialsDecryptError('Ciphertext has a malformed IV or auth tag');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', decryptKey, iv, { authTagLength: TAG_BYTES });
        if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([
          decipher.update(Buffer.from(parsed.data, 'base64')),
          decipher.final(),
        ]).toString('utf8');
      } catch (cause) {
        // The cause only says "unable to authenticate data": it carries no key or plaintext.
        throw new CredentialsDecryptError('Ciphertext failed authentication (tampered or wrong key)', {
          cause,
        });
      }
    },
  };
}
