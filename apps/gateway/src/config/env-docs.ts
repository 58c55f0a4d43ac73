/** One documented environment variable: the README's configuration table is rendered from these. */
export interface EnvDoc {
  /** The default as a user would write it, or `(unset)`. */
  readonly default: string;
  readonly description: string;
  /** Secret values are redacted from logs and never printed. */
  readonly secret: boolean;
}

/**
 * Every environment variable the gateway reads, in README order. `Env` (env.ts) is keyed by the same
 * names, so a variable without documentation does not compile.
 */
export const ENV_DOCS = {
  PORT: {
    default: '8787',
    description: 'TCP port the HTTP server listens on (`0` picks a free port).',
    secret: false,
  },
  HOST: {
    default: '127.0.0.1',
    description:
      'Interface to bind. Loopback by default because the embedded mode creates a development key; ' +
      'set `0.0.0.0` in a container or to accept traffic from other machines.',
    secret: false,
  },
  DATABASE_URL: {
    default: '(unset)',
    description:
      'PostgreSQL connection string (`postgres://user:pass@host:5432/db`). Unset: the embedded PGlite ' +
      'database under `$CARTWIRE_DATA_DIR/pgdata`. Behind a transaction-mode pooler that cannot keep ' +
      'prepared statements, append `?prepare=false`.',
    secret: true,
  },
  CARTWIRE_DATA_DIR: {
    default: './.cartwire',
    description:
      'Directory for the embedded database, the generated encryption key and the development API key. ' +
      'Relative paths resolve against the directory `npm start` was run from.',
    secret: false,
  },
  CARTWIRE_ENCRYPTION_KEY: {
    default: '(unset)',
    description:
      'Base64 of 32 random bytes (`openssl rand -base64 32`) encrypting store credentials (AES-256-GCM). ' +
      'Required with `DATABASE_URL`; in embedded mode it is generated once into ' +
      '`$CARTWIRE_DATA_DIR/encryption.key` when unset.',
    secret: true,
  },
  LOG_LEVEL: {
    default: 'info',
    description: 'pino log level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`.',
    secret: false,
  },
  NODE_ENV: {
    default: 'development',
    description:
      '`development`, `test` or `production`. Production requires https webhook URLs and does not ' +
      'create a development tenant; only development serves GraphiQL at `/graphql`.',
    secret: false,
  },
  CARTWIRE_SANDBOX: {
    default: '1',
    description: 'Serve the platform sandboxes next to the gateway (`0` runs the gateway alone).',
    secret: false,
  },
  REDIS_URL: {
    default: '(unset)',
    description:
      'Redis connection string (`redis://127.0.0.1:6379`) sharing platform rate limiters across processes. ' +
      'Unset: limiters are per process.',
    secret: true,
  },
  CARTWIRE_ALLOW_PRIVATE_WEBHOOK_URLS: {
    default: '0',
    description:
      'Accept outbound webhook URLs that resolve to loopback, link-local or private addresses (SSRF guard ' +
      'off), for development and tests only. Checked when an endpoint is saved and again after DNS ' +
      'resolution on every delivery attempt; the same guard applies to SMS, push and ads provider URLs.',
    secret: false,
  },
  CARTWIRE_PUBLIC_URL: {
    default: '(unset)',
    description:
      'The URL SMS and push providers reach this gateway at (`https://cartwire.example.com`), for their ' +
      'delivery-status callbacks (`/callbacks/{sms|push}/{tenantId}`; signatures cover the full URL), and ' +
      'email recipients reach for open and click tracking: when set, workflow email links become signed ' +
      'redirects (`/t/c/{token}`) with an open pixel (`/t/o/{token}.gif`). Unset: the listening address for ' +
      'callbacks, no tracking.',
    secret: false,
  },
  SMTP_URL: {
    default: '(unset)',
    description:
      'SMTP server workflow email is submitted to (`smtp://user:pass@smtp.example.com:587`, STARTTLS when ' +
      'offered; `smtps://…:465` for implicit TLS). Unset: email sends become `message.requested` events, ' +
      'except under `npm start` with the sandbox on, where a local SMTP inbox captures them (`/v1/sandbox/emails`).',
    secret: true,
  },
  REQUEST_BODY_LIMIT: {
    default: '1mb',
    description: 'Largest accepted request body, in bytes or with a unit (`512kb`, `2mb`); larger gets 413.',
    secret: false,
  },
  API_RATE_LIMIT_PER_SECOND: {
    default: '50',
    description: 'Sustained requests per second allowed per API key (token refill rate); `0` disables.',
    secret: false,
  },
  API_RATE_LIMIT_BURST: {
    default: '100',
    description: 'Requests an API key may send at once before the sustained rate applies (bucket size).',
    secret: false,
  },
  SHUTDOWN_TIMEOUT_MS: {
    default: '10000',
    description:
      'On SIGTERM/SIGINT, how long in-flight requests may take to finish before connections are closed.',
    secret: false,
  },
  WEBHOOK_TIMEOUT_MS: {
    default: '15000',
    description:
      'Outbound webhook: time one delivery attempt may take (connect to last byte) before it counts as failed.',
    secret: false,
  },
  WEBHOOK_CONCURRENCY: {
    default: '16',
    description: 'Outbound webhook deliveries in flight at once per worker process.',
    secret: false,
  },
  WEBHOOK_ENDPOINT_CONCURRENCY: {
    default: '4',
    description:
      'Outbound webhook deliveries in flight at once to one endpoint (across processes), so a slow ' +
      'endpoint never takes every delivery slot.',
    secret: false,
  },
  WEBHOOK_DISABLE_AFTER_HOURS: {
    default: '120',
    description:
      'An outbound webhook endpoint with no successful delivery for this many hours since its first ' +
      'failure is disabled (`disabledReason: failing`); re-enable it with PATCH and replay what it missed.',
    secret: false,
  },
} as const satisfies Record<string, EnvDoc>;

export type EnvName = keyof typeof ENV_DOCS;

/** Names whose values must never reach a log line (their values are redacted, see logger.ts). */
export const SECRET_ENV_KEYS: readonly EnvName[] = (Object.keys(ENV_DOCS) as EnvName[]).filter(
  (name) => ENV_DOCS[name].secret,
);

/** The configuration table as Markdown, for the README. */
export function renderEnvTable(): string {
  const escapeCell = (text: string) => text.replaceAll('|', '\\|');
  const rows = (Object.keys(ENV_DOCS) as EnvName[]).map((name) => {
    const doc = ENV_DOCS[name];
    const shownDefault = /^[\w./:-]+$/.test(doc.default) ? `\`${doc.default}\`` : doc.default;
    return `| \`${name}\` | ${escapeCell(shownDefault)} | ${escapeCell(doc.description)} |`;
  });
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
