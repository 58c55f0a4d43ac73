import { readFile } from 'node:fs/promises';
import {
  createEntityLiveData,
  createGovernanceGate,
  GovernanceInputError,
  type SuppressionScope,
} from '@cartwire/automation-sdk';
import type { ApiKey, Database } from '@cartwire/storage';
import { z } from 'zod';
import type { GatewayRepositories } from '../repositories';
import { CommandFailedError, UsageError } from './cli-errors';

export interface CommandContext {
  readonly database: Database;
  readonly repositories: GatewayRepositories;
  readonly out: (text: string) => void;
  readonly json: boolean;
}

interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
}

type OptionValues = Record<string, string | boolean | undefined>;

export interface CommandSpec {
  readonly usage: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** How many positional arguments the command takes. */
  readonly positionals: number;
  /**
   * Checks the arguments (throwing UsageError) before any database is opened, and returns the
   * command bound to them.
   */
  prepare(values: OptionValues, positionals: string[]): (ctx: CommandContext) => Promise<void>;
}

function required(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required.`);
  return value.trim();
}

async function requireTenant(ctx: CommandContext, tenantId: string) {
  const tenant = await ctx.repositories.tenants.getTenant(tenantId);
  if (tenant === null) throw new CommandFailedError(`No tenant ${tenantId}.`);
  return tenant;
}

const Mode = z.enum(['test', 'live']);

/** `--global` (the list every tenant honours, only an operator may change) or `--tenant <id>`. */
function suppressionScope(values: OptionValues): { scope: SuppressionScope; tenantId: string | null } {
  const tenant = typeof values.tenant === 'string' ? values.tenant.trim() : '';
  if (values.global === true && tenant === '') return { scope: 'global', tenantId: null };
  if (values.global !== true && tenant !== '') return { scope: { tenantId: tenant }, tenantId: tenant };
  throw new UsageError('Give exactly one of --global or --tenant <tenantId>.');
}

function governanceGate(ctx: CommandContext) {
  return createGovernanceGate({
    db: ctx.database.db,
    customers: createEntityLiveData(ctx.repositories.entities),
  });
}

function keyRow(key: ApiKey) {
  return {
    id: key.id,
    mode: key.mode,
    key: `${key.prefix}…${key.last4}`,
    name: key.name ?? '',
    created: key.createdAt.toISOString(),
    lastUsed: key.lastUsedAt?.toISOString() ?? 'never',
    status: key.revokedAt === null ? 'active' : `revoked ${key.revokedAt.toISOString()}`,
  };
}

function table(rows: Record<string, string>[]): string {
  const first = rows[0];
  if (first === undefined) return '';
  const columns = Object.keys(first);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  const heading = (column: string) => column.replace(/[A-Z]/g, (letter) => ` ${letter}`).toUpperCase();
  return [line(columns.map(heading)), ...rows.map((row) => line(columns.map((c) => row[c] ?? '')))].join(
    '\n',
  );
}

export const COMMANDS: Record<string, CommandSpec> = {
  'tenants:create': {
    usage: 'tenants:create --name <name>',
    summary: 'Create a tenant (an account owning keys and stores).',
    options: { name: { type: 'string' } },
    positionals: 0,
    prepare(values) {
      const name = required(values, 'name');
      return async (ctx) => {
        const tenant = await ctx.repositories.tenants.createTenant({ name });
        if (ctx.json) {
          ctx.out(
            JSON.stringify({ id: tenant.id, name: tenant.name, createdAt: tenant.createdAt.toISOString() }),
          );
          return;
        }
        ctx.out(`Created tenant ${tenant.id} (${tenant.name}).`);
        ctx.out(`Next: npm run cartwire -- keys:create --tenant ${tenant.id}`);
      };
    },
  },
  'keys:create': {
    usage: 'keys:create --tenant <tenantId> [--mode test|live] [--name <label>]',
    summary: 'Create a secret API key; the secret is printed once and never again.',
    options: { tenant: { type: 'string' }, mode: { type: 'string' }, name: { type: 'string' } },
    positionals: 0,
    prepare(values) {
      const tenantId = required(values, 'tenant');
      const mode = Mode.safeParse(values.mode ?? 'test');
      if (!mode.success) throw new UsageError(`--mode must be test or live (got ${String(values.mode)}).`);
      const name = typeof values.name === 'string' ? values.name : null;
      return async (ctx) => {
        await requireTenant(ctx, tenantId);
        const created = await ctx.repositories.apiKeys.createApiKey({ tenantId, mode: mode.data, name });
        const { apiKey, secret } = created;
        if (ctx.json) {
          ctx.out(JSON.stringify({ ...keyRow(apiKey), tenantId, secret }));
          return;
        }
        ctx.out(`Created ${apiKey.mode} key ${apiKey.id} for tenant ${tenantId}.`);
        ctx.out('Secret (shown only now; store it somewhere safe):');
        ctx.out('');
        ctx.out(`    ${secret}`);
        ctx.out('');
      };
    },
  },
  'keys:list': {
    usage: 'keys:list --tenant <tenantId>',
    summary: "List a tenant's API keys (never their secrets).",
    options: { tenant: { type: 'string' } },
    positionals: 0,
    prepare(values) {
      const tenantId = required(values, 'tenant');
      return async (ctx) => {
        await requireTenant(ctx, tenantId);
        const rows = (await ctx.repositories.apiKeys.listApiKeys(tenantId)).map(keyRow);
        if (ctx.json) ctx.out(JSON.stringify(rows));
        else ctx.out(rows.length === 0 ? `Tenant ${tenantId} has no API keys.` : table(rows));
      };
    },
  },
  'keys:revoke': {
    usage: 'keys:revoke <keyId> --tenant <tenantId>',
    summary: 'Revoke an API key; requests with it get 401 from then on.',
    options: { tenant: { type: 'string' } },
    positionals: 1,
    prepare(values, positionals) {
      const keyId = positionals[0];
      if (keyId === undefined)
        throw new UsageError('Name the key to revoke: keys:revoke <keyId> --tenant <id>.');
      const tenantId = required(values, 'tenant');
      return async (ctx) => {
        const revoked = await ctx.repositories.apiKeys.revokeApiKey(tenantId, keyId);
        if (!revoked) throw new CommandFailedError(`Tenant ${tenantId} has no active key ${keyId}.`);
        ctx.out(ctx.json ? JSON.stringify({ id: keyId, revoked: true }) : `Revoked ${keyId}.`);
      };
    },
  },
  'suppressions:import': {
    usage: 'suppressions:import --file <csv> (--global | --tenant <tenantId>)',
    summary: 'Add a CSV (kind,value,reason) to the global or a tenant suppression list; all or nothing.',
    options: { file: { type: 'string' }, global: { type: 'boolean' }, tenant: { type: 'string' } },
    positionals: 0,
    prepare(values) {
      const file = required(values, 'file');
      const { scope, tenantId } = suppressionScope(values);
      return async (ctx) => {
        if (tenantId !== null) await requireTenant(ctx, tenantId);
        let csv: string;
        try {
          csv = await readFile(file, 'utf8');
        } catch (error) {
          throw new CommandFailedError(`Cannot read ${file}: ${(error as Error).message}`);
        }
        let added: number;
        try {
          added = await governanceGate(ctx).importSuppressions(scope, csv);
        } catch (error) {
          if (!(error instanceof GovernanceInputError)) throw error;
          const lines = error.issues.map((issue) => `  ${issue.path}: ${issue.message}`);
          throw new CommandFailedError([`Nothing imported from ${file}:`, ...lines].join('\n'));
        }
        const where = tenantId === null ? 'the global list' : `tenant ${tenantId}'s list`;
        ctx.out(ctx.json ? JSON.stringify({ added }) : `Added ${added} entries to ${where}.`);
      };
    },
  },
  'suppressions:export': {
    usage: 'suppressions:export (--global | --tenant <tenantId>)',
    summary: 'Print the global or a tenant suppression list as CSV (kind,value,reason).',
    options: { global: { type: 'boolean' }, tenant: { type: 'string' } },
    positionals: 0,
    prepare(values) {
      const { scope, tenantId } = suppressionScope(values);
      return async (ctx) => {
        if (tenantId !== null) await requireTenant(ctx, tenantId);
        ctx.out((await governanceGate(ctx).exportSuppressions(scope)).trimEnd());
      };
    },
  },
};

export function usageText(): string {
  const width = Math.max(...Object.values(COMMANDS).map((command) => command.usage.length));
  return [
    'Usage: npm run cartwire -- <command> [options]',
    '',
    'Commands:',
    ...Object.values(COMMANDS).map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`),
    '',
    'Options for every command: --json (machine-readable output), --help.',
    'The database is the one `npm start` uses (DATABASE_URL, or the embedded one in CARTWIRE_DATA_DIR).',
  ].join('\n');
}
