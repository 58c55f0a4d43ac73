export type SandboxStoreErrorCode = 'not_found' | 'invalid_input' | 'conflict';

/** Thrown by store mutations; emulators turn it into the platform's own error body. */
export class SandboxStoreError extends Error {
  override readonly name = 'SandboxStoreError';
  constructor(
    readonly code: SandboxStoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function notFound(kind: string, id: number): SandboxStoreError {
  return new SandboxStoreError('not_found', `No ${kind} with id ${id}`);
}
