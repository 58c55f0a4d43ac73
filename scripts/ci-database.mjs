// Creates or drops the throwaway database CI runs the real-Postgres suite in.
import postgres from 'postgres';

const [action, adminUrl, name] = process.argv.slice(2);
if (!['create', 'drop'].includes(action) || !adminUrl || !/^[a-z0-9_]+$/.test(name ?? '')) {
  console.error('usage: node scripts/ci-database.mjs create|drop <admin-url> <database-name>');
  process.exit(2);
}
const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
try {
  if (action === 'create') await sql.unsafe(`CREATE DATABASE "${name}"`);
  else await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  console.log(`${action === 'create' ? 'created' : 'dropped'} database ${name}`);
} finally {
  await sql.end();
}
