// The Cartwire console: a page over the public REST API only, with the key the user pastes.
// Plain DOM and fetch, no build step; every value from the API is written as text, never as HTML.

const KEY_STORAGE = 'cartwire.console.key';
const EVENTS_SHOWN = 50;
const TAB_STORAGE = 'cartwire.console.tab';
const STORES_REFRESH_MS = 5000;
const EVENTS_POLL_MS = 2000;
const PANEL_REFRESH_MS = 5000;
const MESSAGES_PAGE = 25;
const SVG_NS = 'http://www.w3.org/2000/svg';

const $ = (selector) => document.querySelector(selector);

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
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

// ---- tabs ---------------------------------------------------------------------------------------

const TABS = ['overview', 'workflows', 'messages', 'inbox', 'webhooks'];
let activeTab = 'overview';
/** Refreshes of the panel a tab shows, run at once when the tab opens. */
const panelRefresh = new Map();

function showTab(tab) {
  activeTab = TABS.includes(tab) ? tab : 'overview';
  sessionStorage.setItem(TAB_STORAGE, activeTab);
  for (const button of document.querySelectorAll('#tabs [data-tab]')) {
    button.setAttribute('aria-selected', String(button.dataset.tab === activeTab));
  }
  for (const name of TABS) $(`#panel-${name}`).hidden = name !== activeTab;
  const refresh = panelRefresh.get(activeTab);
  if (refresh) refresh().catch(reportError);
}

// ---- workflows ------------------------------------------------------------------------------------

const workflowState = { list: [], selectedId: null, version: null };

function formatCounts(record) {
  return Object.entries(record ?? {})
    .map(([key, n]) => `${key} ${n}`)
    .join(' · ');
}

async function refreshWorkflows() {
  const page = await api('/v1/workflows');
  workflowState.list = page.data;
  $('#workflows-empty').hidden = page.data.length > 0;
  $('#workflows tbody').replaceChildren(
    ...page.data.map((workflow) => {
      const tr = row(
        workflow.name,
        workflow.key,
        badge(
          workflow.status,
          workflow.status === 'active' ? 'ok' : workflow.status === 'paused' ? 'failed' : '',
        ),
        cell(workflow.activeVersion ?? '—', 'num'),
        new Date(workflow.updatedAt).toLocaleString(),
      );
      tr.dataset.workflowId = workflow.id;
      tr.dataset.key = workflow.key;
      tr.className = workflow.id === workflowState.selectedId ? 'selectable selected' : 'selectable';
      tr.tabIndex = 0;
      tr.addEventListener('click', () => selectWorkflow(workflow.id).catch(reportError));
      tr.addEventListener('keydown', (key) => {
        if (key.key === 'Enter') selectWorkflow(workflow.id).catch(reportError);
      });
      return tr;
    }),
  );
  const filter = $('#message-workflow');
  const chosen = filter.value;
  filter.replaceChildren(
    new Option('any', ''),
    ...page.data.map((workflow) => new Option(workflow.name, workflow.key)),
  );
  filter.value = chosen;
  if (activeTab !== 'workflows') return;
  if (workflowState.selectedId === null && page.data.length > 0) {
    await selectWorkflow(page.data[0].id);
  } else if (workflowState.selectedId !== null) {
    await refreshWorkflowStats();
  }
}

async function selectWorkflow(id) {
  const workflow = workflowState.list.find((w) => w.id === id);
  if (!workflow) return;
  workflowState.selectedId = id;
  workflowState.version = null;
  for (const tr of document.querySelectorAll('#workflows tbody tr')) {
    tr.classList.toggle('selected', tr.dataset.workflowId === id);
  }
  $('#workflow-title').textContent = workflow.name;
  const select = $('#workflow-version');
  const versions = [];
  for (let v = workflow.latestVersion; v >= 1; v--) {
    versions.push(new Option(`v${v}${v === workflow.activeVersion ? ' (active)' : ''}`, String(v)));
  }
  select.replaceChildren(...versions);
  select.value = String(workflow.activeVersion ?? workflow.latestVersion);
  $('#workflow-detail').hidden = false;
  await refreshWorkflowStats();
}

async function refreshWorkflowStats() {
  const id = workflowState.selectedId;
  if (id === null) return;
  const query = workflowState.version === null ? '' : `?version=${workflowState.version}`;
  const stats = await api(`/v1/workflows/${encodeURIComponent(id)}/stats${query}`);
  if (id !== workflowState.selectedId) return;
  const runs = $('#workflow-runs');
  runs.replaceChildren(
    `${stats.runs.total} runs of v${stats.version}: `,
    ...Object.entries(stats.runs.byStatus)
      .filter(([, n]) => n > 0)
      .flatMap(([status, n]) => [badge(`${status} ${n}`, status), ' ']),
  );
  runs.dataset.total = String(stats.runs.total);
  $('#workflow-graph').replaceChildren(drawWorkflowGraph(stats));
}

const NODE_W = 236;
const NODE_H = 76;
const GAP_X = 36;
const GAP_Y = 64;
const MARGIN = 24;
const LOOP_ROOM = 80;

/**
 * A layered (Sugiyama-style) layout of the definition's graph, hand-written so the page loads nothing else:
 * back edges (loops through a wait) are found by depth-first search and left out of layering; each node goes
 * one layer below its deepest parent (longest path); an edge spanning several layers gets a placeholder slot
 * in each layer it crosses, so it runs beside the nodes in between instead of through them; within a layer,
 * slots are ordered by their parents' positions (barycentre).
 */
function layoutGraph(nodes, edges) {
  const ids = new Set(nodes.map((node) => node.id));
  const out = new Map(nodes.map((node) => [node.id, []]));
  for (const edge of edges) if (ids.has(edge.to)) out.get(edge.from)?.push(edge);
  const state = new Map();
  const back = new Set();
  const dfsOrder = [];
  const visit = (id) => {
    state.set(id, 'open');
    dfsOrder.push(id);
    for (const edge of out.get(id) ?? []) {
      const seen = state.get(edge.to);
      if (seen === 'open') back.add(edge);
      else if (seen === undefined) visit(edge.to);
    }
    state.set(id, 'done');
  };
  for (const node of nodes) if (!state.has(node.id)) visit(node.id);

  const forward = edges.filter((edge) => !back.has(edge) && ids.has(edge.to) && ids.has(edge.from));
  const indegree = new Map(nodes.map((node) => [node.id, 0]));
  for (const edge of forward) indegree.set(edge.to, indegree.get(edge.to) + 1);
  const layer = new Map(nodes.map((node) => [node.id, 0]));
  const ready = nodes.filter((node) => indegree.get(node.id) === 0).map((node) => node.id);
  while (ready.length > 0) {
    const id = ready.shift();
    for (const edge of forward.filter((e) => e.from === id)) {
      layer.set(edge.to, Math.max(layer.get(edge.to), layer.get(id) + 1));
      indegree.set(edge.to, indegree.get(edge.to) - 1);
      if (indegree.get(edge.to) === 0) ready.push(edge.to);
    }
  }

  // Slots: the nodes, plus one placeholder per layer a long edge crosses; segments link adjacent layers.
  const slotLayer = new Map(layer);
  const segments = [];
  const via = new Map();
  forward.forEach((edge, index) => {
    const chain = [edge.from];
    for (let l = layer.get(edge.from) + 1; l < layer.get(edge.to); l++) {
      const placeholder = `\u0000${index}:${l}`;
      slotLayer.set(placeholder, l);
      chain.push(placeholder);
    }
    chain.push(edge.to);
    for (let i = 1; i < chain.length; i++) segments.push({ from: chain[i - 1], to: chain[i] });
    via.set(edge, chain.slice(1, -1));
  });
  const layers = [];
  for (const id of [...dfsOrder, ...[...slotLayer.keys()].filter((id) => !ids.has(id))]) {
    const index = slotLayer.get(id);
    layers[index] ??= [];
    layers[index].push(id);
  }
  const column = new Map();
  layers.forEach((slots, index) => {
    if (index > 0) {
      const parentsAt = (id) => {
        const parents = segments.filter((s) => s.to === id).map((s) => column.get(s.from) ?? 0);
        return parents.length === 0 ? 0 : parents.reduce((a, b) => a + b, 0) / parents.length;
      };
      const order = new Map(slots.map((id) => [id, parentsAt(id)]));
      slots.sort((a, b) => order.get(a) - order.get(b));
    }
    slots.forEach((id, i) => {
      column.set(id, i - (slots.length - 1) / 2);
    });
  });
  const widest = Math.max(1, ...layers.map((slots) => slots?.length ?? 0));
  const span = widest * NODE_W + (widest - 1) * GAP_X;
  const width = span + 2 * MARGIN + (back.size > 0 ? LOOP_ROOM : 0);
  const position = new Map(
    [...slotLayer.keys()].map((id) => [
      id,
      {
        x: MARGIN + span / 2 + column.get(id) * (NODE_W + GAP_X) - NODE_W / 2,
        y: MARGIN + slotLayer.get(id) * (NODE_H + GAP_Y),
      },
    ]),
  );
  const height = MARGIN * 2 + layers.length * NODE_H + Math.max(0, layers.length - 1) * GAP_Y;
  return { position, back, via, width, height };
}

function svg(name, attributes = {}, text) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

const clip = (text, max) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Where the edges of a node leave (or enter) it: spread along its side, in the order of the slots at their
 * other end (`toward`), so edges of one node neither cross each other nor overlap when parallel.
 */
function anchors(edges, key, toward) {
  const groups = new Map();
  for (const edge of edges) {
    const group = groups.get(edge[key]) ?? [];
    group.push(edge);
    groups.set(edge[key], group);
  }
  const offset = new Map();
  for (const group of groups.values()) {
    group.sort((a, b) => toward(a) - toward(b));
    const step = Math.min(40, (NODE_W - 40) / Math.max(1, group.length - 1));
    group.forEach((edge, i) => {
      offset.set(edge, (i - (group.length - 1) / 2) * step);
    });
  }
  return offset;
}

function drawWorkflowGraph(stats) {
  const { position, back, via, width, height } = layoutGraph(stats.nodes, stats.edges);
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': `Graph of ${stats.nodes.length} nodes`,
  });
  const marker = svg('marker', {
    id: 'arrow',
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }));
  const defs = svg('defs');
  defs.append(marker);
  root.append(defs);

  const drawn = stats.edges.filter((edge) => position.has(edge.from) && position.has(edge.to));
  const downward = drawn.filter((edge) => !back.has(edge));
  const leaving = anchors(downward, 'from', (edge) => position.get(via.get(edge)?.[0] ?? edge.to).x);
  const entering = anchors(downward, 'to', (edge) => position.get(via.get(edge)?.at(-1) ?? edge.from).x);
  const edgeLayer = svg('g', { class: 'edges' });
  const labelLayer = svg('g', { class: 'edge-labels' });
  for (const edge of drawn) {
    const from = position.get(edge.from);
    const to = position.get(edge.to);
    let d;
    let labelAt;
    if (back.has(edge)) {
      const sx = from.x + NODE_W;
      const sy = from.y + NODE_H / 2;
      const tx = to.x + NODE_W;
      const ty = to.y + NODE_H / 2;
      const bend = Math.max(sx, tx) + LOOP_ROOM - 10;
      d = `M${sx},${sy} C${bend},${sy} ${bend},${ty} ${tx},${ty}`;
      labelAt = { x: bend - 20, y: (sy + ty) / 2 };
    } else {
      // Through the placeholder slots of the layers it crosses: down each slot's middle.
      const points = [{ x: from.x + NODE_W / 2 + leaving.get(edge), y: from.y + NODE_H }];
      for (const id of via.get(edge) ?? []) {
        const slot = position.get(id);
        points.push({ x: slot.x + NODE_W / 2, y: slot.y }, { x: slot.x + NODE_W / 2, y: slot.y + NODE_H });
      }
      points.push({ x: to.x + NODE_W / 2 + entering.get(edge), y: to.y });
      d = `M${points[0].x},${points[0].y}`;
      for (let i = 1; i < points.length; i++) {
        const a = points[i - 1];
        const b = points[i];
        const dy = (b.y - a.y) / 2;
        d += i % 2 === 1 ? ` C${a.x},${a.y + dy} ${b.x},${b.y - dy} ${b.x},${b.y}` : ` L${b.x},${b.y}`;
      }
      // Halfway down the first stretch: edges leaving one node have spread apart there.
      labelAt = { x: (points[0].x + points[1].x) / 2, y: (points[0].y + points[1].y) / 2 };
    }
    edgeLayer.append(
      svg('path', { d, class: back.has(edge) ? 'edge loop' : 'edge', 'marker-end': 'url(#arrow)' }),
    );
    const text = [edge.key ?? edge.label, edge.count === null ? null : String(edge.count)]
      .filter((part) => part !== null && part !== undefined)
      .join(' · ');
    if (text) {
      const label = svg('text', { x: labelAt.x, y: labelAt.y, class: 'edge-label' }, text);
      label.dataset.edge = `${edge.from}->${edge.to}`;
      labelLayer.append(label);
    }
  }
  root.append(edgeLayer);

  for (const node of stats.nodes) {
    const at = position.get(node.id);
    const group = svg('g', { class: `node ${node.type}`, transform: `translate(${at.x},${at.y})` });
    group.dataset.nodeId = node.id;
    group.dataset.reached = String(node.reached);
    const reasons = formatCounts(node.reasons);
    const details = [
      `${node.id} (${node.type})`,
      node.label,
      `reached by ${node.reached} run(s)`,
      formatCounts(node.outcomes),
      formatCounts(node.branches),
      formatCounts(node.variants),
      reasons ? `reasons: ${reasons}` : '',
    ].filter(Boolean);
    group.append(
      svg('title', {}, details.join('\n')),
      svg('rect', {
        width: NODE_W,
        height: NODE_H,
        rx: node.type === 'trigger' || node.type === 'exit' ? 20 : 6,
      }),
      svg('text', { x: 10, y: 18, class: 'node-id' }, clip(`${node.id} · ${node.type}`, 32)),
      svg('text', { x: 10, y: 35, class: 'node-label' }, clip(node.label, 38)),
      svg(
        'text',
        { x: 10, y: 52, class: 'node-counts' },
        clip([`${node.reached} reached`, formatCounts(node.outcomes)].filter(Boolean).join(' · '), 40),
      ),
    );
    if (reasons) {
      // Reasons can be long (a parked step's error): the whole text is in the tooltip.
      group.append(svg('text', { x: 10, y: 68, class: 'node-reasons' }, clip(reasons, 42)));
    }
    root.append(group);
  }
  root.append(labelLayer);
  return root;
}

// ---- messages -------------------------------------------------------------------------------------

const messageState = { cursor: null, nextCursor: null };

async function refreshMessages() {
  const query = new URLSearchParams({ limit: String(MESSAGES_PAGE) });
  const status = $('#message-status').value;
  const workflow = $('#message-workflow').value;
  if (status) query.set('status', status);
  if (workflow) query.set('workflow_key', workflow);
  if (messageState.cursor) query.set('cursor', messageState.cursor);
  const page = await api(`/v1/messages?${query}`);
  messageState.nextCursor = page.next_cursor;
  $('#messages-next').disabled = page.next_cursor === null;
  $('#messages-first').disabled = messageState.cursor === null;
  $('#messages-empty').hidden = page.data.length > 0;
  $('#messages tbody').replaceChildren(
    ...page.data.map((message) => {
      const kind = ['sent', 'delivered'].includes(message.status)
        ? 'ok'
        : ['refused', 'failed', 'bounced'].includes(message.status)
          ? 'failed'
          : 'running';
      const why =
        message.reason ??
        message.error ??
        (message.deliverAt ? `until ${new Date(message.deliverAt).toLocaleString()}` : '');
      const tr = row(
        new Date(message.createdAt).toLocaleString(),
        badge(message.status, kind),
        why,
        [message.workflowKey, message.nodeId].filter(Boolean).join(' · '),
        message.channel,
        message.customerKey,
      );
      tr.dataset.status = message.status;
      tr.dataset.messageId = message.id;
      return tr;
    }),
  );
}

function restartMessages() {
  messageState.cursor = null;
  refreshMessages().catch(reportError);
}

// ---- inbox ----------------------------------------------------------------------------------------

const inboxState = { selectedId: null };

async function refreshInbox() {
  let page;
  try {
    page = await api('/v1/sandbox/emails?limit=50');
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    $('#inbox-off').textContent = error.message;
    $('#inbox-off').hidden = false;
    $('#emails').hidden = true;
    $('#inbox-empty').hidden = true;
    return;
  }
  $('#inbox-off').hidden = true;
  $('#emails').hidden = false;
  $('#inbox-empty').hidden = page.data.length > 0;
  $('#emails tbody').replaceChildren(
    ...page.data.map((email) => {
      const tr = row(
        new Date(email.receivedAt).toLocaleTimeString(),
        email.to,
        email.subject,
        [email.message.workflowKey, email.message.nodeId].filter(Boolean).join(' · '),
      );
      tr.dataset.emailId = email.id;
      tr.className = email.id === inboxState.selectedId ? 'selectable selected' : 'selectable';
      tr.tabIndex = 0;
      tr.addEventListener('click', () => openEmail(email.id).catch(reportError));
      tr.addEventListener('keydown', (key) => {
        if (key.key === 'Enter') openEmail(email.id).catch(reportError);
      });
      return tr;
    }),
  );
}

const SHOWN_HEADERS = ['from', 'to', 'reply-to', 'subject', 'date', 'message-id', 'list-unsubscribe'];

async function openEmail(id) {
  const email = await api(`/v1/sandbox/emails/${encodeURIComponent(id)}`);
  inboxState.selectedId = id;
  for (const tr of document.querySelectorAll('#emails tbody tr')) {
    tr.classList.toggle('selected', tr.dataset.emailId === id);
  }
  $('#email-subject').textContent = email.subject || '(no subject)';
  $('#email-headers tbody').replaceChildren(
    ...email.headers
      .filter((header) => SHOWN_HEADERS.includes(header.name.toLowerCase()))
      .map((header) => {
        const tr = document.createElement('tr');
        const th = document.createElement('th');
        th.textContent = header.name;
        tr.append(th, cell(header.value));
        return tr;
      }),
  );
  // The HTML is workflow template output: shown in an iframe sandboxed with no permissions (no scripts, no
  // forms, no navigation of this page, an opaque origin), whose srcdoc document inherits this page's CSP,
  // so nothing it references loads from elsewhere (no tracking pixels) and inline styles are dropped.
  $('#email-html').srcdoc = email.html ?? '<p>(this email has no HTML part)</p>';
  $('#email-text').textContent = email.text ?? '';
  $('#email-source').textContent = email.html ?? '';
  $('#email-detail').hidden = false;
  $('#email-detail').dataset.emailId = id;
}

function showEmailView(view) {
  for (const button of document.querySelectorAll('#email-detail [data-view]')) {
    button.setAttribute('aria-pressed', String(button.dataset.view === view));
  }
  $('#email-html').hidden = view !== 'html';
  $('#email-text').hidden = view !== 'text';
  $('#email-source').hidden = view !== 'source';
}

// ---- webhook inspector ----------------------------------------------------------------------------

const inspectorState = { selectedId: null };

async function refreshInspector() {
  let page;
  try {
    page = await api('/v1/sandbox/webhooks?limit=50');
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    $('#inspector-off').textContent = error.message;
    $('#inspector-off').hidden = false;
    $('#received-webhooks').hidden = true;
    $('#inspector-empty').hidden = true;
    return;
  }
  $('#inspector-off').hidden = true;
  $('#received-webhooks').hidden = false;
  $('#inspector-empty').hidden = page.data.length > 0;
  $('#received-webhooks tbody').replaceChildren(
    ...page.data.map((delivery) => {
      const tr = row(
        new Date(delivery.receivedAt).toLocaleTimeString(),
        delivery.type ?? '(no type)',
        delivery.verified ? badge('verified', 'ok') : badge(`not verified: ${delivery.failure}`, 'failed'),
        delivery.webhookId ?? '',
      );
      tr.dataset.deliveryId = delivery.id;
      tr.dataset.verified = String(delivery.verified);
      tr.className = delivery.id === inspectorState.selectedId ? 'selectable selected' : 'selectable';
      tr.tabIndex = 0;
      tr.addEventListener('click', () => openDelivery(delivery.id).catch(reportError));
      tr.addEventListener('keydown', (key) => {
        if (key.key === 'Enter') openDelivery(delivery.id).catch(reportError);
      });
      return tr;
    }),
  );
}

async function openDelivery(id) {
  const delivery = await api(`/v1/sandbox/webhooks/${encodeURIComponent(id)}`);
  inspectorState.selectedId = id;
  for (const tr of document.querySelectorAll('#received-webhooks tbody tr')) {
    tr.classList.toggle('selected', tr.dataset.deliveryId === id);
  }
  $('#received-type').textContent = delivery.type ?? '(no type)';
  const verdict = document.createElement('tr');
  const label = document.createElement('th');
  label.textContent = 'verified';
  verdict.append(label, cell(delivery.verified ? 'yes' : `no: ${delivery.failure}`));
  $('#received-headers tbody').replaceChildren(
    verdict,
    ...delivery.headers.map((header) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.textContent = header.name;
      tr.append(th, cell(header.value));
      return tr;
    }),
  );
  // Text only: the body is whatever was posted to the inspector, forged ones included.
  $('#received-body').textContent =
    delivery.body === null ? '(the body was not JSON)' : JSON.stringify(delivery.body, null, 2);
  $('#received-detail').hidden = false;
  $('#received-detail').dataset.deliveryId = id;
}

// ---- polling --------------------------------------------------------------------------------------

function reportError(error) {
  if (error instanceof ApiError && error.status === 401) return signOut('That key was not accepted.');
  console.error(error);
}

/** Runs `task` every `ms` while `when()` holds (default always). */
function every(ms, task, when = () => true) {
  const run = async () => {
    try {
      if (when()) await task();
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
  $('#tabs').hidden = false;
  panelRefresh.set('overview', () => Promise.all([refreshStores(), refreshWebhookEndpoints()]));
  panelRefresh.set('workflows', refreshWorkflows);
  panelRefresh.set('messages', () => Promise.all([refreshWorkflows(), refreshMessages()]));
  panelRefresh.set('inbox', refreshInbox);
  panelRefresh.set('webhooks', refreshInspector);
  showTab(sessionStorage.getItem(TAB_STORAGE) ?? 'overview');
  // Stores and events keep updating behind other tabs (the event count is a running total).
  every(STORES_REFRESH_MS, refreshStores);
  every(EVENTS_POLL_MS, pollEvents);
  every(STORES_REFRESH_MS, refreshWebhookEndpoints);
  every(PANEL_REFRESH_MS, refreshWorkflows, () => activeTab === 'workflows');
  // Only the first page follows new messages: an older page stays put while it is read.
  every(PANEL_REFRESH_MS, refreshMessages, () => activeTab === 'messages' && messageState.cursor === null);
  every(PANEL_REFRESH_MS, refreshInbox, () => activeTab === 'inbox');
  every(PANEL_REFRESH_MS, refreshInspector, () => activeTab === 'webhooks');
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
for (const button of document.querySelectorAll('#tabs [data-tab]')) {
  button.addEventListener('click', () => showTab(button.dataset.tab));
}
$('#workflow-version').addEventListener('change', (change) => {
  workflowState.version = Number(change.target.value);
  refreshWorkflowStats().catch(reportError);
});
$('#message-status').addEventListener('change', restartMessages);
$('#message-workflow').addEventListener('change', restartMessages);
$('#messages-first').addEventListener('click', restartMessages);
$('#messages-next').addEventListener('click', () => {
  messageState.cursor = messageState.nextCursor;
  refreshMessages().catch(reportError);
});
for (const button of document.querySelectorAll('#email-detail [data-view]')) {
  button.addEventListener('click', () => showEmailView(button.dataset.view));
}
$('#event-filter').addEventListener('change', (change) => {
  Object.assign(eventState, { cursor: null, seen: 0, shown: [], filter: change.target.value.trim() });
});

if (apiKey()) {
  open().catch((error) => askForKey(String(error)));
} else {
  askForKey(decodeURIComponent(location.hash.slice(1)));
}
