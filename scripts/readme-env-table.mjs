#!/usr/bin/env node
// Rewrites the configuration table of README.md from the gateway's ENV_DOCS
// (`npm run -s env-table -w @cartwire/gateway`), so the README never lists settings that do not exist.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const readme = readFileSync('README.md', 'utf8');
const table = execFileSync('npm', ['run', '-s', 'env-table', '-w', '@cartwire/gateway'], {
  encoding: 'utf8',
}).trim();
const lines = readme.split('\n');
const heading = lines.indexOf('## Configuration');
const start = lines.findIndex((line, index) => index > heading && line.startsWith('| Variable'));
if (heading === -1 || start === -1) throw new Error('README.md has no configuration table');
let end = start;
while (end < lines.length && lines[end]?.startsWith('|')) end += 1;
lines.splice(start, end - start, ...table.split('\n'));
writeFileSync('README.md', lines.join('\n'));
// The repository formatter aligns the table, so `npm run lint` stays clean.
execFileSync('npx', ['biome', 'format', '--write', 'README.md'], { stdio: 'ignore' });
console.log(`README.md: configuration table rewritten (${table.split('\n').length - 2} settings)`);
