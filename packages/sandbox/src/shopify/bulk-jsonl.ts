type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

/** The nodes of a connection value (`{ edges: [{ node }] }` or `{ nodes: [...] }`), or undefined. */
function connectionNodes(value: unknown): JsonObject[] | undefined {
  const object = asObject(value);
  if (!object) return undefined;
  if (Array.isArray(object.edges)) {
    return object.edges.flatMap((edge) => {
      const node = asObject(asObject(edge)?.node);
      return node ? [node] : [];
    });
  }
  if (Array.isArray(object.nodes))
    return object.nodes.flatMap((node) => (asObject(node) ? [node as JsonObject] : []));
  return undefined;
}

export interface BulkResult {
  /** JSONL lines, one object each, without trailing newlines. */
  lines: string[];
  objectCount: number;
  rootObjectCount: number;
}

interface PendingChildren {
  nodes: JsonObject[];
  parentId: unknown;
}

/**
 * Copies a value without its nested connections, collecting those for their own lines. A
 * connection's parent is the nearest enclosing object with an `id`: an order's line items hang off
 * the order, the line items of a refund listed inside that order hang off the refund.
 */
function withoutConnections(value: unknown, nearestId: unknown, pending: PendingChildren[]): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutConnections(item, nearestId, pending));
  const object = asObject(value);
  if (!object) return value;
  const ownId = object.id ?? nearestId;
  const copy: JsonObject = {};
  for (const key in object) {
    const field = object[key];
    if (typeof field !== 'object' || field === null) {
      copy[key] = field;
      continue;
    }
    const nested = connectionNodes(field);
    if (nested) pending.push({ nodes: nested, parentId: ownId });
    else copy[key] = withoutConnections(field, ownId, pending);
  }
  return copy;
}

/**
 * Flattens a bulk query result the way Shopify writes its JSONL: every connection node becomes its
 * own line; a nested connection's nodes are removed from their parent and written after it, each
 * carrying `__parentId` (the id of the object the connection hangs off).
 */
export function flattenBulkResult(data: JsonObject): BulkResult {
  const lines: string[] = [];
  let objectCount = 0;
  let rootObjectCount = 0;

  const write = (node: JsonObject, parentId: unknown): void => {
    const pending: PendingChildren[] = [];
    const own = withoutConnections(node, node.id, pending) as JsonObject;
    if (parentId !== undefined) own.__parentId = parentId;
    // GraphQL results hold only strings, numbers, booleans and null: native JSON is exact here.
    lines.push(JSON.stringify(own));
    objectCount += 1;
    for (const group of pending) for (const child of group.nodes) write(child, group.parentId);
  };

  for (const value of Object.values(data)) {
    const roots = connectionNodes(value) ?? (asObject(value) ? [value as JsonObject] : []);
    for (const root of roots) {
      rootObjectCount += 1;
      write(root, undefined);
    }
  }
  return { lines, objectCount, rootObjectCount };
}
