/** Exit codes of `npm run cartwire`: scripts branch on them. */
export const EXIT = {
  ok: 0,
  /** The command ran and could not do what was asked (unknown tenant, key already revoked, …). */
  failure: 1,
  /** Wrong command line: unknown command, missing or bad option. */
  usage: 2,
  /** The environment does not parse (sysexits EX_CONFIG). */
  config: 78,
} as const;

export class UsageError extends Error {
  readonly _tag = 'UsageError';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class CommandFailedError extends Error {
  readonly _tag = 'CommandFailedError';
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailedError';
  }
}
