import { parseArgs } from 'node:util';
import { createCredentialCipher, StorageInputError } from '@cartwire/storage';
import type { DestinationStream } from 'pino';
import { systemClock } from '../clock';
import { ConfigError, loadConfig } from '../config/env';
import { DataDirLockedError } from '../data-dir-lock';
import { openGatewayDatabase } from '../database';
import { resolveEncryptionKey } from '../encryption-key';
import { createLogger } from '../logger';
import { createGatewayRepositories } from '../repositories';
import { CommandFailedError, EXIT, UsageError } from './cli-errors';
import { COMMANDS, usageText } from './commands';

export interface CliIo {
  readonly env: Record<string, string | undefined>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Base for a relative CARTWIRE_DATA_DIR when INIT_CWD is unset. @default process.cwd() */
  readonly cwd?: string;
}

function parse(argv: string[]) {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    return { help: true, json: false, run: undefined };
  }
  const command = COMMANDS[name];
  if (command === undefined) throw new UsageError(`Unknown command "${name}".`);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}\nUsage: ${command.usage}`);
  }
  if (parsed.positionals.length > command.positionals) {
    throw new UsageError(
      `Unexpected argument "${parsed.positionals[command.positionals]}".\nUsage: ${command.usage}`,
    );
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  return {
    help: values.help === true,
    json: values.json === true,
    run: values.help === true ? undefined : command.prepare(values, parsed.positionals),
  };
}

/** Runs one CLI command and returns its exit code; never calls process.exit (tests call it in-process). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const invocation = parse(argv);
    if (invocation.run === undefined) {
      io.stdout(usageText());
      return EXIT.ok;
    }
    const config = loadConfig(io.env, { cwd: io.cwd });
    const stderrStream: DestinationStream = { write: (line: string) => io.stderr(line.trimEnd()) };
    const logger = createLogger({ level: 'warn', destination: stderrStream });
    const database = await openGatewayDatabase(config, logger);
    try {
      const cipher = createCredentialCipher(await resolveEncryptionKey(config));
      const repositories = createGatewayRepositories(database, { clock: systemClock, cipher });
      await invocation.run({ database, repositories, out: io.stdout, json: invocation.json });
    } finally {
      await database.close();
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${usageText()}`);
      return EXIT.usage;
    }
    if (error instanceof StorageInputError) {
      io.stderr(error.message);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.stderr(error.message);
      return EXIT.config;
    }
    if (error instanceof CommandFailedError || error instanceof DataDirLockedError) {
      io.stderr(error.message);
      return EXIT.failure;
    }
    io.stderr(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failure;
  }
}
