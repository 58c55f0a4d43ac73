// Defines a welcome workflow with the Cartwire automation SDK and activates it through the REST API.
// Usage: CW=http://127.0.0.1:8787 KEY=cw_test_… npx tsx examples/welcome-workflow.ts
import { defineWorkflow, field, send, wait } from '@cartwire/automation-sdk';

// Typed builder → a versioned JSON definition the API validates (every problem listed if it is wrong).
const welcome = defineWorkflow({
  key: 'welcome-tour',
  name: 'Welcome (README tour)',
  trigger: {
    event: 'customer.created',
    filter: field('customer.email').exists(),
    reentry: { policy: 'once' },
  },
  steps: [
    send({ id: 'hello', channel: 'email', template: 'welcome-hello' }),
    wait.for('P2D'),
    send({ id: 'best-sellers', channel: 'email', template: 'welcome-best-sellers' }),
  ],
});

const base = process.env.CW ?? 'http://127.0.0.1:8787';
const key = process.env.KEY;
if (!key) throw new Error('set KEY to your API key (cat .cartwire/dev-api-key)');

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const payload = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(payload)}`);
  return payload;
}

// A new version starts as a draft: a second call approves it, then it can be activated.
const { workflowId, version } = await api<{ workflowId: string; version: number }>('POST', '/v1/workflows', {
  definition: welcome,
});
await api('POST', `/v1/workflows/${workflowId}/versions/${version}/approve`);
await api('POST', `/v1/workflows/${workflowId}/activate`, { version });
console.log(`activated ${welcome.key} v${version} (${workflowId})`);
