#!/usr/bin/env node
// A local webhook receiver for trying Cartwire's outbound webhooks: verifies every delivery with the
// `standardwebhooks` library (what your own receiver would use) and prints the events.
// Usage: node scripts/webhook-listener.mjs --secret whsec_… [--port 4000] [--count N]
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';

const MAX_BODY_BYTES = 1024 * 1024;

const { values } = parseArgs({
  options: {
    secret: { type: 'string' },
    port: { type: 'string', default: '4000' },
    host: { type: 'string', default: '127.0.0.1' },
    count: { type: 'string' },
  },
});
if (!values.secret?.startsWith('whsec_')) {
  console.error('usage: node scripts/webhook-listener.mjs --secret whsec_… [--port 4000] [--count N]');
  process.exit(2);
}
const webhook = new Webhook(values.secret);
const stopAfter = values.count === undefined ? Number.POSITIVE_INFINITY : Number(values.count);
let verified = 0;

const server = createServer((request, response) => {
  if (request.method !== 'POST') {
    response.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  const chunks = [];
  let size = 0;
  request.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) request.destroy();
    else chunks.push(chunk);
  });
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    try {
      // Throws unless the signature matches and the timestamp is recent.
      const event = webhook.verify(body, {
        'webhook-id': String(request.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
      });
      response.writeHead(204).end();
      verified += 1;
      console.log(`verified ${event.type} ${request.headers['webhook-id']}`);
      if (verified >= stopAfter) server.close();
    } catch (error) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('invalid signature');
      console.error(`refused a delivery: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
});

server.listen(Number(values.port), values.host, () => {
  const { port } = server.address();
  console.error(`listening on http://${values.host}:${port}/ for Standard Webhooks deliveries`);
});
