// The Cartwire console: a page over the public REST API only, with the key the user pastes.
// Plain DOM and fetch, no build step; every value from the API is written as text, never as HTML.

const KEY_STORAGE = 'cartwire.console.key';
const EVENTS_SHOWN = 50;
const TAB_STORAGE = 'cartwire.console.tab';
const STORES_REFRESH_MS = 5000;
const EVENTS_POLL_MS = 2000;
const PANEL_REFRESH_MS = 5000;
const MESSAGES_PAGE = 25;
const REPORTS_REFRESH_MS = 15000;
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

const TABS = ['overview', 'workflows', 'reports', 'messages', 'inbox', 'webhooks'];
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
  fillReportWorkflows(page.data);
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

// ---- reports --------------------------------------------------------------------------------------

const ATTRIBUTIONS_PAGE = 25;
const reportState = { workflowId: null, cursor: null, nextCursor: null, generation: 0 };

const percent = (share) => `${(share * 100).toFixed(1)} %`;
const signedPercent = (share) => `${share > 0 ? '+' : ''}${(share * 100).toFixed(1)} %`;
/** Money from the API is a decimal string: shown as it came, never through a float. */
const money = (value) => `${value.amount} ${value.currency}`;
const moneyList = (values) => (values.length === 0 ? '—' : values.map(money).join(', '));

/** A float the experiment endpoint computed (revenue per recipient), shown at the currency's precision. */
function estimate(value, currency) {
  if (currency === null) return value.toFixed(2);
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  return `${value.toFixed(digits)} ${currency}`;
}

function lag(seconds) {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** The period the select box names, ending now. */
function reportPeriod() {
  const days = Number($('#report-period').value);
  const to = new Date();
  return { from: new Date(to.getTime() - days * 86_400_000).toISOString(), to: to.toISOString() };
}

/** A round axis maximum (1, 2 or 5 times a power of ten) at or above `value`, and its tick step. */
function axis(value) {
  const top = Math.max(value, Number.EPSILON);
  const power = 10 ** Math.floor(Math.log10(top));
  const nice = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= top) ?? 10 * power;
  return { max: nice, step: nice / 5 };
}

const LABEL_W = 150;
const BAR_W = 420;
const ROW_H = 22;
const TEXT_GAP = 10;
// Room after the bars for the longest annotation (rate, interval, counts, revenue per recipient).
const CHART_W = LABEL_W + BAR_W + 530;

/**
 * A horizontal bar chart drawn with DOM calls only. Each row is a label, stacked segments on a shared scale,
 * an optional interval (whiskers from `low` to `high`) and a text after the bars; `gapBefore` opens a gap above a
 * row (a new group). The tick labels are formatted by `tick`.
 */
function barChart({ rows, max, tick, label }) {
  const scale = axis(max);
  const x = (value) => LABEL_W + (Math.max(0, value) / scale.max) * BAR_W;
  let y = 8;
  const placed = rows.map((entry) => {
    y += entry.gapBefore ? 10 : 0;
    const at = y;
    y += ROW_H;
    return at;
  });
  const height = y + 24;
  const root = svg('svg', {
    viewBox: `0 0 ${CHART_W} ${height}`,
    width: CHART_W,
    height,
    role: 'img',
    'aria-label': label,
  });
  const grid = svg('g', { class: 'grid' });
  for (let value = 0; value <= scale.max + scale.step / 2; value += scale.step) {
    grid.append(
      svg('line', { x1: x(value), x2: x(value), y1: 4, y2: height - 20 }),
      svg('text', { x: x(value), y: height - 6, class: 'tick' }, tick(value)),
    );
  }
  root.append(grid);
  rows.forEach((entry, index) => {
    const top = placed[index];
    const group = svg('g', { class: 'bar-row' });
    for (const [key, value] of Object.entries(entry.data ?? {})) group.dataset[key] = String(value);
    if (entry.label)
      group.append(svg('text', { x: LABEL_W - 8, y: top + 15, class: 'bar-label' }, clip(entry.label, 22)));
    let start = 0;
    for (const segment of entry.segments) {
      if (segment.value <= 0) continue;
      const rect = svg('rect', {
        x: x(start),
        y: top + 3,
        width: Math.max(1, x(start + segment.value) - x(start)),
        height: ROW_H - 6,
        class: `bar ${segment.kind}`,
      });
      rect.append(svg('title', {}, segment.title));
      group.append(rect);
      start += segment.value;
    }
    let textAt = x(start);
    if (entry.interval) {
      const [low, high] = [x(entry.interval.low), x(entry.interval.high)];
      const mid = top + ROW_H / 2;
      group.append(
        svg('line', { x1: low, x2: high, y1: mid, y2: mid, class: 'whisker' }),
        svg('line', { x1: low, x2: low, y1: mid - 6, y2: mid + 6, class: 'whisker' }),
        svg('line', { x1: high, x2: high, y1: mid - 6, y2: mid + 6, class: 'whisker' }),
      );
      textAt = Math.max(textAt, high);
    }
    group.append(svg('text', { x: textAt + TEXT_GAP, y: top + 15, class: 'bar-text' }, entry.text));
    root.append(group);
  });
  return root;
}

function showProblem(selector, error) {
  const target = $(selector);
  if (error === null) {
    target.hidden = true;
    target.textContent = '';
    return;
  }
  if (error instanceof ApiError && error.status === 401) throw error;
  // A validation problem's detail only counts the fields: each field's own message says what to change.
  const fields =
    error instanceof ApiError && Array.isArray(error.problem?.errors) ? error.problem.errors : [];
  target.textContent = [
    error instanceof ApiError ? error.message : String(error),
    ...fields.map((field) => `${field.path}: ${field.message}`),
  ].join(' ');
  target.hidden = false;
}

function armName(experiment, key) {
  return experiment.key === 'holdout' || key === 'holdout' ? key : `variant ${key}`;
}

function renderExperiment(result) {
  $('#experiment-summary').textContent = [
    result.holdoutShare === null ? 'no holdout' : `holdout share ${percent(result.holdoutShare)}`,
    `conversion within ${result.conversionWindow}`,
    result.currency ? `revenue in ${result.currency}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  $('#experiment-empty').hidden = result.experiments.length > 0;
  const max = Math.max(
    0.01,
    ...result.experiments.flatMap((e) => e.arms.map((arm) => arm.conversionRateInterval.high)),
  );
  $('#experiment-charts').replaceChildren(
    ...result.experiments.map((experiment) => {
      const block = document.createElement('div');
      block.className = 'experiment';
      block.dataset.experiment = experiment.key;
      const title = document.createElement('h3');
      title.textContent =
        experiment.key === 'holdout'
          ? 'Treated runs against the holdout'
          : `Split ${experiment.key.slice('split:'.length)}: each variant against ${experiment.baseline ?? 'the first'}`;
      const chart = document.createElement('div');
      chart.className = 'chart';
      chart.append(
        barChart({
          label: `Conversion rate per arm of ${experiment.key}, with 95 % intervals`,
          max,
          tick: percent,
          rows: experiment.arms.map((arm) => ({
            label: armName(experiment, arm.key),
            segments: [
              {
                value: arm.conversionRate,
                kind: arm.key === experiment.baseline ? 'baseline' : 'arm',
                title: `${arm.conversions} of ${arm.recipients} converted`,
              },
            ],
            interval: arm.conversionRateInterval,
            text:
              `${percent(arm.conversionRate)} (95 % CI ${percent(arm.conversionRateInterval.low)} – ` +
              `${percent(arm.conversionRateInterval.high)}) · ${arm.conversions} of ${arm.recipients} · ` +
              `${estimate(arm.revenuePerRecipient, result.currency)} per recipient`,
            data: {
              arm: arm.key,
              recipients: arm.recipients,
              conversions: arm.conversions,
              rate: arm.conversionRate,
            },
          })),
        }),
      );
      const comparisons = document.createElement('table');
      comparisons.className = 'comparisons';
      const head = document.createElement('thead');
      const labels = document.createElement('tr');
      for (const text of [
        'Arm',
        'Against',
        'Lift (95 % CI)',
        'Rate difference (95 % CI)',
        'p',
        'Verdict',
        'Note',
      ]) {
        const th = document.createElement('th');
        th.textContent = text;
        labels.append(th);
      }
      head.append(labels);
      const body = document.createElement('tbody');
      for (const comparison of experiment.comparisons) {
        const lift =
          comparison.lift === null
            ? '— (the baseline has no conversions)'
            : `${signedPercent(comparison.lift)}${
                comparison.liftInterval
                  ? ` (${signedPercent(comparison.liftInterval.low)} to ${signedPercent(comparison.liftInterval.high)})`
                  : ''
              }`;
        const difference = comparison.conversionRateDifferenceInterval;
        const tr = row(
          armName(experiment, comparison.key),
          armName(experiment, comparison.against),
          cell(lift, 'lift'),
          `${signedPercent(comparison.conversionRateDifference)} (${signedPercent(difference.low)} to ${signedPercent(difference.high)})`,
          cell(comparison.pValue.toFixed(3), 'num'),
          badge(comparison.verdict, VERDICT_KIND[comparison.verdict]),
          cell(comparison.note ?? '', 'note'),
        );
        tr.dataset.arm = comparison.key;
        tr.dataset.verdict = comparison.verdict;
        body.append(tr);
      }
      comparisons.append(head, body);
      block.append(title, chart, comparisons);
      return block;
    }),
  );
}

const VERDICT_KIND = { better: 'ok', worse: 'failed', not_significant: '', too_small: 'running' };

/** Suppression reasons get a colour each, in the order of the totals (the same in chart and legend). */
function reasonKinds(totals) {
  return new Map(Object.keys(totals.suppressions).map((reason, i) => [reason, `suppressed-${i % 6}`]));
}

const groupName = (groupBy, key) => (groupBy === 'version' ? `v${key}` : key);

function reportRowCells(groupBy, entry, label) {
  const suppressed = Object.entries(entry.suppressions);
  const tr = row(
    label ?? groupName(groupBy, entry.key),
    cell(entry.entries, 'num'),
    cell(entry.holdoutEntries, 'num'),
    cell(entry.sends, 'num'),
    cell(entry.heldOut, 'num'),
    suppressed.length === 0 ? '—' : suppressed.map(([reason, n]) => `${reason} ${n}`).join(', '),
    cell(entry.sendEligibilityRate === null ? '—' : percent(entry.sendEligibilityRate), 'num'),
    cell(
      `${entry.conversions}${entry.conversionRate === null ? '' : ` (${percent(entry.conversionRate)})`}`,
      'num',
    ),
    cell(moneyList(entry.revenue), 'num'),
    cell(moneyList(entry.revenuePerRun), 'num'),
    cell(entry.incrementalRevenue === null ? 'no holdout' : moneyList(entry.incrementalRevenue), 'num'),
    cell(`${entry.attributedOrders} · ${moneyList(entry.attributedRevenue)}`, 'num'),
  );
  tr.dataset.key = entry.key;
  return tr;
}

function renderReport(report) {
  const { totals, groups, groupBy } = report;
  $('#report-summary').textContent =
    `${totals.entries} runs entered · conversion within ${report.conversionWindow}`;
  const empty = totals.entries === 0;
  $('#report-empty').hidden = !empty;
  $('#report-charts').hidden = empty;
  $('#report-table').hidden = empty;
  const kinds = reasonKinds(totals);
  const rows = groups.flatMap((entry) => {
    const name = groupName(groupBy, entry.key);
    const suppressed = Object.entries(entry.suppressions);
    const refused = suppressed.reduce((sum, [, n]) => sum + n, 0);
    return [
      {
        label: name,
        gapBefore: true,
        segments: [
          { value: entry.entries - entry.holdoutEntries, kind: 'entries', title: 'treated entries' },
          { value: entry.holdoutEntries, kind: 'holdout', title: 'holdout entries' },
        ],
        text: `${entry.entries} entered${entry.holdoutEntries > 0 ? `, ${entry.holdoutEntries} held out` : ''}`,
        data: { key: entry.key, measure: 'entries', value: entry.entries },
      },
      {
        segments: [
          { value: entry.sends, kind: 'sends', title: `${entry.sends} sent` },
          { value: entry.heldOut, kind: 'held-out', title: `${entry.heldOut} held out` },
          { value: entry.scheduled, kind: 'scheduled', title: `${entry.scheduled} scheduled` },
          { value: entry.failed, kind: 'failed', title: `${entry.failed} failed` },
          ...suppressed.map(([reason, n]) => ({
            value: n,
            kind: kinds.get(reason),
            title: `${reason} ${n}`,
          })),
        ],
        text: [
          `${entry.sends} sent`,
          entry.heldOut > 0 ? `${entry.heldOut} held out` : null,
          entry.scheduled > 0 ? `${entry.scheduled} scheduled` : null,
          entry.failed > 0 ? `${entry.failed} failed` : null,
          refused > 0 ? `${refused} suppressed` : null,
        ]
          .filter(Boolean)
          .join(', '),
        data: { key: entry.key, measure: 'sends', value: entry.sends },
      },
      {
        segments: [
          { value: entry.conversions, kind: 'conversions', title: `${entry.conversions} converted` },
        ],
        text: `${entry.conversions} converted`,
        data: { key: entry.key, measure: 'conversions', value: entry.conversions },
      },
    ];
  });
  const max = Math.max(
    1,
    ...groups.map((g) =>
      Math.max(
        g.entries,
        g.sends +
          g.heldOut +
          g.scheduled +
          g.failed +
          Object.values(g.suppressions).reduce((a, b) => a + b, 0),
      ),
    ),
  );
  const whole = (value) => (Number.isInteger(value) ? String(value) : '');
  $('#report-chart').replaceChildren(
    barChart({ rows, max, tick: whole, label: `Entries, sends and conversions by ${groupBy}` }),
  );
  const legend = [
    ['entries', 'treated entries'],
    ['holdout', 'holdout entries'],
    ['sends', 'sent'],
    ['held-out', 'held out'],
    ['scheduled', 'scheduled'],
    ['failed', 'failed'],
    ...[...kinds].map(([reason, kind]) => [kind, `suppressed: ${reason}`]),
    ['conversions', 'conversions'],
  ];
  $('#report-legend').replaceChildren(
    ...legend.map(([kind, text]) => {
      const item = document.createElement('span');
      const swatch = document.createElement('span');
      swatch.className = `swatch ${kind}`;
      item.append(swatch, text);
      return item;
    }),
  );
  // Revenue per currency: the bar lengths are the only place a decimal string becomes a number.
  const currencies = totals.revenue.map((value) => value.currency);
  const revenueRows = currencies.flatMap((currency, c) =>
    groups.map((entry, i) => {
      const revenue = entry.revenue.find((value) => value.currency === currency);
      const incremental = entry.incrementalRevenue?.find((value) => value.currency === currency);
      return {
        label: i === 0 ? `${groupName(groupBy, entry.key)} · ${currency}` : groupName(groupBy, entry.key),
        gapBefore: i === 0 && c > 0,
        segments: [{ value: revenue ? Number(revenue.amount) : 0, kind: 'revenue', title: 'revenue' }],
        text: [
          revenue ? money(revenue) : `0 ${currency}`,
          incremental ? `incremental ${money(incremental)}` : null,
        ]
          .filter(Boolean)
          .join(' · '),
        data: { key: entry.key, currency, amount: revenue?.amount ?? '0' },
      };
    }),
  );
  $('#revenue-chart').hidden = revenueRows.length === 0;
  $('#revenue-chart').replaceChildren(
    ...(revenueRows.length === 0
      ? []
      : [
          barChart({
            rows: revenueRows,
            max: Math.max(...revenueRows.map((r) => r.segments[0].value)),
            tick: (value) => String(Number(value.toPrecision(6))),
            label: `Revenue by ${groupBy}`,
          }),
        ]),
  );
  $('#report-table tbody').replaceChildren(...groups.map((entry) => reportRowCells(groupBy, entry)));
  $('#report-table tfoot').replaceChildren(reportRowCells(groupBy, totals, 'All'));
}

function renderAttributions(page) {
  reportState.nextCursor = page.next_cursor;
  $('#attributions-next').disabled = page.next_cursor === null;
  $('#attributions-first').disabled = reportState.cursor === null;
  $('#attributions-empty').hidden = page.data.length > 0;
  $('#attributions tbody').replaceChildren(
    ...page.data.map((attribution) => {
      const message = attribution.message;
      const variants = Object.entries(message.variants).map(([split, key]) => `${split}=${key}`);
      const tr = row(
        new Date(attribution.placedAt).toLocaleString(),
        attribution.orderName ?? attribution.orderId,
        cell(money(attribution.total), 'num'),
        [message.workflowKey, message.nodeId, message.arm, ...variants].filter(Boolean).join(' · '),
        `${message.channelKind} · ${message.channel}`,
        attribution.interaction,
        cell(lag(attribution.lagSeconds), 'num'),
      );
      tr.dataset.orderId = attribution.orderId;
      tr.dataset.messageId = message.id;
      return tr;
    }),
  );
}

/** Reads the three reports of the chosen workflow; each section shows its own problem if its read fails. */
async function refreshReports() {
  const id = reportState.workflowId;
  $('#report-sections').hidden = id === null;
  if (id === null) return;
  const generation = ++reportState.generation;
  const period = reportPeriod();
  const base = `/v1/workflows/${encodeURIComponent(id)}`;
  const reportQuery = new URLSearchParams({ ...period, group_by: $('#report-group-by').value });
  const attributionQuery = new URLSearchParams({
    ...period,
    workflow_id: id,
    limit: String(ATTRIBUTIONS_PAGE),
  });
  if (reportState.cursor) attributionQuery.set('cursor', reportState.cursor);
  const [experiment, report, attributed] = await Promise.allSettled([
    api(`${base}/experiment?${new URLSearchParams(period)}`),
    api(`${base}/report?${reportQuery}`),
    api(`/v1/attributions?${attributionQuery}`),
  ]);
  if (generation !== reportState.generation) return; // another workflow, period or grouping was chosen since
  const settle = (result, errorAt, render) => {
    if (result.status === 'rejected') {
      showProblem(errorAt, result.reason);
    } else {
      showProblem(errorAt, null);
      render(result.value);
    }
  };
  settle(experiment, '#experiment-error', renderExperiment);
  settle(report, '#report-error', renderReport);
  settle(attributed, '#attributions-error', renderAttributions);
  $('#report-sections').dataset.workflowId = id;
  $('#report-sections').dataset.generation = String(generation);
}

function fillReportWorkflows(list) {
  const select = $('#report-workflow');
  $('#reports-empty').hidden = list.length > 0;
  select.replaceChildren(...list.map((workflow) => new Option(workflow.name, workflow.id)));
  if (!list.some((workflow) => workflow.id === reportState.workflowId)) {
    reportState.workflowId = workflowState.selectedId ?? list[0]?.id ?? null;
    reportState.cursor = null;
  }
  if (reportState.workflowId !== null) select.value = reportState.workflowId;
}

function restartReports() {
  reportState.cursor = null;
  refreshReports().catch(reportError);
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
  panelRefresh.set('reports', async () => {
    await refreshWorkflows();
    await refreshReports();
  });
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
  // Reports aggregate every run of the period: refreshed less often than the other panels.
  every(REPORTS_REFRESH_MS, refreshReports, () => activeTab === 'reports');
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
$('#workflow-report').addEventListener('click', () => {
  reportState.workflowId = workflowState.selectedId;
  reportState.cursor = null;
  $('#report-workflow').value = reportState.workflowId ?? '';
  showTab('reports');
});
$('#report-workflow').addEventListener('change', (change) => {
  reportState.workflowId = change.target.value || null;
  restartReports();
});
$('#report-period').addEventListener('change', restartReports);
$('#report-group-by').addEventListener('change', () => refreshReports().catch(reportError));
$('#attributions-first').addEventListener('click', restartReports);
$('#attributions-next').addEventListener('click', () => {
  reportState.cursor = reportState.nextCursor;
  refreshReports().catch(reportError);
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
