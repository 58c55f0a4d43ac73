import { toJsonText } from './json-text';

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

/**
 * Flattens a bulk query result the way Shopify writes its JSONL: every connection node becomes its
 * own line; a nested connection's nodes are removed from their parent and written after it, each
 * carrying `__parentId` (the parent's `id`).
 */
export function flattenBulkResult(data: JsonObject): BulkResult {
  const lines: string[] = [];
  let objectCount = 0;
  let rootObjectCount = 0;

  const write = (node: JsonObject, parentId: unknown): void => {
    const own: JsonObject = {};
    const children: JsonObject[][] = [];
    for (const [key, value] of Object.entries(node)) {
      const nested = connectionNodes(value);
      if (nested) children.push(nested);
      else own[key] = value;
    }
    if (parentId !== undefined) own.__parentId = parentId;
    lines.push(toJsonText(own));
    objectCount += 1;
    for (const group of children) for (const child of group) write(child, node.id);
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
