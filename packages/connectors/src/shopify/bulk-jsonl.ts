/**
 * Rebuilds records from a bulk operation's JSONL. Shopify writes every connection node on its own
 * line; a nested node carries `__parentId` and comes after its parent, though not necessarily right
 * after it. Each child is put back into its parent's connection (`{ nodes: [...] }`), so a bulk
 * record has the same shape as a record read by paging and goes through the same schema and mapper.
 */

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

/** Turns every inline `{ edges: [{ node }] }` into `{ nodes: [...] }`, recursively. */
export function normalizeConnections(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeConnections);
  const object = asObject(value);
  if (!object) return value;
  if (Array.isArray(object.edges)) {
    return {
      ...Object.fromEntries(Object.entries(object).filter(([key]) => key !== 'edges')),
      nodes: object.edges.map((edge) => normalizeConnections(asObject(edge)?.node)),
    };
  }
  return Object.fromEntries(Object.entries(object).map(([key, child]) => [key, normalizeConnections(child)]));
}

/** `Product` from `gid://shopify/Product/1`. */
export function gidKind(id: unknown): string | undefined {
  return typeof id === 'string' ? /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(id)?.[1] : undefined;
}

/**
 * Which connection of a parent a child belongs to, by (parent kind, child kind). A child without an id
 * of its own goes to the parent kind's `*` entry.
 * @example { Product: { ProductVariant: 'variants', Collection: 'collections' } }
 */
export type ChildConnections = Readonly<Record<string, Readonly<Record<string, string>>>>;

export class BulkResultError extends Error {
  override readonly name = 'BulkResultError';
}

function indexObjects(value: unknown, index: Map<string, JsonObject>): void {
  if (Array.isArray(value)) {
    for (const item of value) indexObjects(item, index);
    return;
  }
  const object = asObject(value);
  if (!object) return;
  if (typeof object.id === 'string') index.set(object.id, object);
  for (const child of Object.values(object)) indexObjects(child, index);
}

/**
 * Parses JSONL text and regroups children under their parents. Returns the root objects in file order.
 * @throws BulkResultError for a line that is not JSON, or a child whose parent or connection is unknown.
 */
export function regroupBulkJsonl(text: string, children: ChildConnections): JsonObject[] {
  const roots: JsonObject[] = [];
  const index = new Map<string, JsonObject>();
  const orphans: JsonObject[] = [];
  const lines = text.split('\n');
  for (const [position, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new BulkResultError(`bulk result line ${position + 1} is not JSON`);
    }
    const object = asObject(normalizeConnections(parsed));
    if (!object) throw new BulkResultError(`bulk result line ${position + 1} is not an object`);
    indexObjects(object, index);
    if (object.__parentId === undefined) roots.push(object);
    else orphans.push(object);
  }
  // Parents precede children in the file, but a child may come after later roots: attach at the end.
  for (const child of orphans) {
    const parentId = String(child.__parentId);
    const parent = index.get(parentId);
    if (!parent) throw new BulkResultError(`bulk result child ${String(child.id)} has no parent ${parentId}`);
    const table = children[gidKind(parentId) ?? ''] ?? {};
    const field = table[gidKind(child.id) ?? '*'] ?? table['*'];
    if (!field) {
      throw new BulkResultError(`bulk result child ${String(child.id)} fits no connection of ${parentId}`);
    }
    const { __parentId: _parent, ...own } = child;
    const connection = asObject(parent[field]) ?? { nodes: [] };
    const nodes = Array.isArray(connection.nodes) ? connection.nodes : [];
    parent[field] = { ...connection, nodes: [...nodes, own] };
    // Later children may refer to this child as their parent: index the attached copy.
    if (typeof own.id === 'string') index.set(own.id, own);
  }
  // A parent whose connection had no nodes gets no child lines at all: give it the empty connection.
  for (const [id, object] of index) {
    const table = children[gidKind(id) ?? ''];
    if (!table) continue;
    for (const field of new Set(Object.values(table))) {
      if (object[field] === undefined) object[field] = { nodes: [] };
    }
  }
  return roots;
}
