/** Every failure this package throws on purpose carries one of these codes. */
export type StorageErrorCode =
  | 'invalid_input'
  | 'database_unavailable'
  | 'migration_failed'
  | 'credentials_decrypt_failed'
  | 'key_file_invalid'
  | 'not_found'
  | 'conflict';

export class StorageError extends Error {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Input to a storage function failed validation; `issues` lists the failing paths. */
export class StorageInputError extends StorageError {
  readonly issues: readonly { path: string; message: string }[];

  constructor(message: string, issues: readonly { path: string; message: string }[]) {
    super(
      'invalid_input',
      `${message}: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`,
    );
    this.issues = issues;
  }
}

export class DatabaseUnavailableError extends StorageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('database_unavailable', message, options);
  }
}

export class MigrationError extends StorageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('migration_failed', message, options);
  }
}

/** Ciphertext was tampered with, truncated, or encrypted under a key this process does not hold. */
export class CredentialsDecryptError extends StorageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('credentials_decrypt_failed', message, options);
  }
}

export class KeyFileError extends StorageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('key_file_invalid', message, options);
  }
}

export class NotFoundError extends StorageError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} not found`);
  }
}

/** Concurrent writers kept invalidating an operation; retrying it later is safe. */
export class StorageConflictError extends StorageError {
  constructor(message: string) {
    super('conflict', message);
  }
}
