// The Cartwire console: a page over the public REST API only, with the key the user pastes.
// Plain DOM and fetch, no build step; every value from the API is written as text, never as HTML.

const KEY_STORAGE = 'cartwire.console.key';
const EVENTS_SHOWN = 50;
const STORES_REFRESH_MS = 5000;
const EVENTS_POLL_MS = 2000;

const $ = (selector) => document.querySelector(selector);

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
  }
}

function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

async function api(path) {
  const response = await fetch(path, { headers: { authorization: `Bearer ${apiKey()}` } });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  if (className) td.className = className;
  return td;
}

function badge(text, kind) {
  const span = document.createElement('span');
  span.className = `badge ${kind}`;
  span.textContent = text;
  return span;
}

function row(...cells) {
  const tr = document.createElement('tr');
  for (const value of cells) {
    if (value instanceof HTMLTableCellElement) tr.append(value);
    else if (value instanceof Node) {
      const td = document.createElement('td');
      td.append(value);
      tr.append(td);
    } else tr.append(cell(String(value ?? '')));
  }
  return tr;
}

function syncSummary(status) {
  const td = document.createElement('td');
  for (const stream of status.streams ?? []) {
    const kind = stream.state === 'failed' ? 'failed' : stream.state === 'running' ? 'running' : 'ok';
    const item = badge(`${stream.stream} ${stream.recordsTotal ?? 0}`, kind);
    item.title = stream.lastError ?? `${stream.state}; last success ${stream.lastSuccessAt ?? 'never'}`;
    item.dataset.stream = stream.stream;
    item.dataset.state = stream.state;
    td.append(item, ' ');
  }
  return td;
}

const storeNames = new Map();

async function refreshStores() {
  const stores = await api('/v1/stores');
  const rows = await Promise.all(
    stores.data.map(async (store) => {
      storeNames.set(store.id, store.name);
      const base = `/v1/stores/${encodeURIComponent(store.id)}`;
      const [products, customers, orders, sync] = await Promise.all([
        api(`${base}/products/count`),
        api(`${base}/customers/count`),
        api(`${base}/orders/count`),
        api(`${base}/sync`),
      ]);
      const tr = row(
        store.name,
        store.platform,
        badge(store.status, store.status === 'active' ? 'ok' : 'failed'),
        cell(products.count, 'num'),
        cell(customers.count, 'num'),
        cell(orders.count, 'num'),
        syncSummary(sync),
      );
      tr.dataset.storeId = store.id;
      tr.dataset.platform = store.platform;
      return tr;
    }),
  );
  $('#stores tbody').replaceChildren(...rows);
}

const eventState = { cursor: null, seen: 0, shown: [], filter: '' };

function renderEvents() {
  $('#events-count').textContent = `${eventState.seen} received`;
  $('#events tbody').replaceChildren(
    ...eventState.shown.map((event) => {
      const tr = row(
        new Date(event.receivedAt).toLocaleTimeString(),
        event.type,
        storeNames.get(event.storeId) ?? event.storeId,
        event.entityId,
        event.source,
      );
      tr.dataset.type = event.type;
      return tr;
    }),
  );
}

/** Reads every page after the cursor (catching up on a long log first), keeping the newest on screen. */
async function pollEvents() {
  for (;;) {
    const query = new URLSearchParams({ limit: '250' });
    if (eventState.cursor) query.set('after', eventState.cursor);
    if (eventState.filter) query.set('type', eventState.filter);
    const page = await api(`/v1/events?${query}`);
    if (page.data.length > 0) {
      eventState.seen += page.data.length;
      eventState.shown = [...page.data.reverse(), ...eventState.shown].slice(0, EVENTS_SHOWN);
    }
    eventState.cursor = page.next_cursor ?? eventState.cursor;
    if (!page.has_more) break;
  }
  renderEvents();
}

async function refreshWebhookEndpoints() {
  let endpoints;
  try {
    endpoints = await api('/v1/webhook-endpoints');
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return; // a gateway without outbound webhooks
    throw error;
  }
  $('#webhooks-empty').hidden = endpoints.data.length > 0;
  $('#webhook-endpoints tbody').replaceChildren(
    ...endpoints.data.map((endpoint) =>
      row(
        endpoint.url,
        (endpoint.eventTypes ?? []).join(', '),
        endpoint.enabled ? badge('enabled', 'ok') : badge(`disabled: ${endpoint.disabledReason}`, 'failed'),
      ),
    ),
  );
}

function every(ms, task) {
  const run = async () => {
    try {
      await task();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return signOut('That key was not accepted.');
      console.error(error);
    }
    setTimeout(run, ms);
  };
  return run();
}

function signOut(message = '') {
  sessionStorage.removeItem(KEY_STORAGE);
  location.hash = message ? `#${encodeURIComponent(message)}` : '';
  location.reload();
}

async function open() {
  const { tenant, apiKey: key } = await api('/v1/tenant');
  $('#tenant').textContent = `${tenant.name} · ${tenant.id} · ${key.mode} key`;
  $('#key-form').hidden = true;
  $('#console').hidden = false;
  $('#sign-out').hidden = false;
  every(STORES_REFRESH_MS, refreshStores);
  every(EVENTS_POLL_MS, pollEvents);
  every(STORES_REFRESH_MS, refreshWebhookEndpoints);
}

function askForKey(message) {
  $('#key-form').hidden = false;
  $('#key-error').textContent = message;
}

$('#key-form').addEventListener('submit', async (submit) => {
  submit.preventDefault();
  sessionStorage.setItem(KEY_STORAGE, $('#api-key').value.trim());
  try {
    await open();
  } catch (error) {
    sessionStorage.removeItem(KEY_STORAGE);
    askForKey(
      error instanceof ApiError && error.status === 401 ? 'That key was not accepted.' : String(error),
    );
  }
});
$('#sign-out').addEventListener('click', () => signOut());
$('#event-filter').addEventListener('change', (change) => {
  Object.assign(eventState, { cursor: null, seen: 0, shown: [], filter: change.target.value.trim() });
});

if (apiKey()) {
  open().catch((error) => askForKey(String(error)));
} else {
  askForKey(decodeURIComponent(location.hash.slice(1)));
}
