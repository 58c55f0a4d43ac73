import { renderEnvTable } from '../config/env-docs';

// `npm run env-table -w @cartwire/gateway`: the README's configuration table, from ENV_DOCS.
process.stdout.write(`${renderEnvTable()}\n`);
