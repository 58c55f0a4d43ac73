/**
 * A tiny builder for the GraphQL documents the connector sends. Queries are built as data so the
 * requested cost Shopify will charge can be computed before sending, and the page size chosen to keep
 * a page under the single-query limit (1000 points).
 */

/** A field: a scalar (a bare name) or a composite field with its own selection. */
export type Selection = string | CompositeField;

export interface CompositeField {
  name: string;
  /** Rendered verbatim: numbers as numbers, strings as written (`'$after'`, `'UPDATED_AT'`). */
  args?: Readonly<Record<string, string | number | boolean>>;
  /**
   * `object`: a single object or a plain list (Shopify charges a list like one object).
   * `connection`: a Relay connection read through `nodes` (charged `2 + first × node cost`).
   */
  kind: 'object' | 'connection';
  fields: readonly Selection[];
}

/** A single object or plain list. */
export function object(
  name: string,
  fields: readonly Selection[],
  args?: CompositeField['args'],
): CompositeField {
  return { name, kind: 'object', fields, ...(args ? { args } : {}) };
}

/** A Relay connection read through `nodes { … } pageInfo { hasNextPage endCursor }`. */
export function connection(
  name: string,
  args: CompositeField['args'] & { first: number | string },
  fields: readonly Selection[],
): CompositeField {
  return { name, kind: 'connection', args, fields };
}

/** The single-query limit Shopify enforces on requested cost. */
export const MAX_QUERY_COST = 1000;

/** Shopify's largest page size for any connection. */
export const MAX_PAGE_SIZE = 250;

function renderArgs(args: CompositeField['args']): string {
  if (!args) return '';
  const parts = Object.entries(args).map(([key, value]) => `${key}: ${String(value)}`);
  return parts.length === 0 ? '' : `(${parts.join(', ')})`;
}

/** Renders a selection set as GraphQL text. */
export function renderSelection(fields: readonly Selection[]): string {
  const parts = fields.map((field) => {
    if (typeof field === 'string') return field;
    const inner = renderSelection(field.fields);
    if (field.kind === 'connection') {
      return `${field.name}${renderArgs(field.args)} { nodes { ${inner} } pageInfo { hasNextPage endCursor } }`;
    }
    return `${field.name}${renderArgs(field.args)} { ${inner} }`;
  });
  return parts.join(' ');
}

function firstOf(field: CompositeField): number {
  const first = field.args?.first;
  return typeof first === 'number' ? first : 1;
}

/**
 * Requested cost of a selection under Shopify's rules: scalars 0, objects (and plain lists) 1 plus
 * their selection, connections 2 plus `first` times the cost of one node (1 plus its selection).
 */
export function selectionCost(fields: readonly Selection[]): number {
  let cost = 0;
  for (const field of fields) {
    if (typeof field === 'string') continue;
    if (field.kind === 'connection') cost += 2 + firstOf(field) * (1 + selectionCost(field.fields));
    else cost += 1 + selectionCost(field.fields);
  }
  return cost;
}

/**
 * The largest page size (≤ 250) for a root connection whose one node costs `nodeCost`, so the whole
 * query — `fixedCost` for the other root fields plus the connection — stays within 1000 points.
 */
export function pageSizeWithinCost(nodeFields: readonly Selection[], fixedCost = 0): number {
  const perNode = 1 + selectionCost(nodeFields);
  const size = Math.floor((MAX_QUERY_COST - fixedCost - 2) / perNode);
  return Math.max(1, Math.min(MAX_PAGE_SIZE, size));
}

/**
 * Renders a selection for a bulk operation: connections without page sizes (bulk reads everything)
 * in `edges { node }` form; plain lists keep their arguments.
 */
export function renderBulkSelection(fields: readonly Selection[]): string {
  const parts = fields.map((field) => {
    if (typeof field === 'string') return field;
    const inner = renderBulkSelection(field.fields);
    if (field.kind === 'connection') {
      const { first: _first, ...args } = field.args ?? {};
      return `${field.name}${renderArgs(args)} { edges { node { ${inner} } } }`;
    }
    return `${field.name}${renderArgs(field.args)} { ${inner} }`;
  });
  return parts.join(' ');
}
