/** A parsed `fields=` selection: field name → nested selection (null selects the whole value). */
export type FieldSelection = Map<string, FieldSelection | null>;

/**
 * Parses Magento's `fields` parameter, e.g. `items[increment_id,entity_id],total_count`.
 * Returns null for an empty parameter (no filtering).
 */
export function parseFieldSelection(spec: string | undefined): FieldSelection | null {
  if (spec === undefined || spec.trim() === '') return null;
  const text = spec;
  let position = 0;
  function parseList(): FieldSelection {
    const selection: FieldSelection = new Map();
    while (position < text.length) {
      const start = position;
      while (position < text.length && !',[]'.includes(text[position] ?? '')) position += 1;
      const name = text.slice(start, position).trim();
      let nested: FieldSelection | null = null;
      if (text[position] === '[') {
        position += 1;
        nested = parseList();
        position += 1; // the closing ']'
      }
      if (name !== '') selection.set(name, nested);
      if (text[position] === ',') {
        position += 1;
        continue;
      }
      if (text[position] === ']' || position >= text.length) break;
    }
    return selection;
  }
  return parseList();
}

/** Keeps only the selected attributes; arrays apply the selection to each element. */
export function applyFieldSelection(value: unknown, selection: FieldSelection | null): unknown {
  if (selection === null) return value;
  if (Array.isArray(value)) return value.map((item) => applyFieldSelection(item, selection));
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [name, nested] of selection) {
    if (name in source) result[name] = applyFieldSelection(source[name], nested);
  }
  return result;
}
