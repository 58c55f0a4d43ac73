/**
 * Shopify's `query:` search syntax, the subset the emulator honours: `field:value` terms with the
 * comparators `:<`, `:<=`, `:>`, `:>=`, quoted values, implicit or explicit `AND`, `OR`, `NOT` / `-`
 * negation and parentheses. A bare word is a free-text term.
 */
export type Comparator = '=' | '<' | '<=' | '>' | '>=';

export type SearchExpression =
  | { type: 'term'; field: string | undefined; comparator: Comparator; value: string }
  | { type: 'and' | 'or'; operands: SearchExpression[] }
  | { type: 'not'; operand: SearchExpression };

export class SearchSyntaxError extends Error {
  override readonly name = 'SearchSyntaxError';
}

type Token = { kind: 'word'; text: string; quoted: boolean } | { kind: '(' } | { kind: ')' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input[index] ?? '';
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === '(' || char === ')') {
      tokens.push(char === '(' ? { kind: '(' } : { kind: ')' });
      index += 1;
    } else {
      // A word runs to whitespace or a parenthesis; quoted sections inside it may hold either.
      let text = '';
      let quoted = false;
      while (index < input.length) {
        const current = input[index] ?? '';
        if (current === "'" || current === '"') {
          const end = input.indexOf(current, index + 1);
          if (end < 0) throw new SearchSyntaxError(`unterminated quote in search query: ${input}`);
          text += input.slice(index + 1, end);
          quoted = true;
          index = end + 1;
        } else if (/\s/.test(current) || current === '(' || current === ')') {
          break;
        } else {
          text += current;
          index += 1;
        }
      }
      tokens.push({ kind: 'word', text, quoted });
    }
  }
  return tokens;
}

const TERM = /^([A-Za-z_][A-Za-z0-9_.]*):(<=|>=|<|>)?(.*)$/s;

function parseTerm(token: Extract<Token, { kind: 'word' }>): SearchExpression {
  const match = TERM.exec(token.text);
  if (!match?.[1]) return { type: 'term', field: undefined, comparator: '=', value: token.text };
  const comparator = (match[2] ?? '=') as Comparator;
  return { type: 'term', field: match[1].toLowerCase(), comparator, value: match[3] ?? '' };
}

class Parser {
  #position = 0;
  constructor(private readonly tokens: Token[]) {}

  #peek(): Token | undefined {
    return this.tokens[this.#position];
  }

  #isKeyword(token: Token | undefined, keyword: string): boolean {
    return token?.kind === 'word' && !token.quoted && token.text === keyword;
  }

  parse(): SearchExpression | undefined {
    if (this.tokens.length === 0) return undefined;
    const expression = this.#or();
    if (this.#position < this.tokens.length) throw new SearchSyntaxError('unexpected ")" in search query');
    return expression;
  }

  #or(): SearchExpression {
    const operands = [this.#and()];
    while (this.#isKeyword(this.#peek(), 'OR')) {
      this.#position += 1;
      operands.push(this.#and());
    }
    return operands.length === 1 ? operands[0]! : { type: 'or', operands };
  }

  #and(): SearchExpression {
    const operands = [this.#unary()];
    for (;;) {
      const next = this.#peek();
      if (!next || next.kind === ')' || this.#isKeyword(next, 'OR')) break;
      if (this.#isKeyword(next, 'AND')) this.#position += 1;
      operands.push(this.#unary());
    }
    return operands.length === 1 ? operands[0]! : { type: 'and', operands };
  }

  #unary(): SearchExpression {
    const token = this.#peek();
    if (this.#isKeyword(token, 'NOT')) {
      this.#position += 1;
      return { type: 'not', operand: this.#unary() };
    }
    if (token?.kind === 'word' && !token.quoted && token.text.startsWith('-') && token.text.length > 1) {
      this.#position += 1;
      return { type: 'not', operand: parseTerm({ ...token, text: token.text.slice(1) }) };
    }
    return this.#primary();
  }

  #primary(): SearchExpression {
    const token = this.#peek();
    if (!token) throw new SearchSyntaxError('search query ends early');
    this.#position += 1;
    if (token.kind === '(') {
      const inner = this.#or();
      if (this.#peek()?.kind !== ')') throw new SearchSyntaxError('missing ")" in search query');
      this.#position += 1;
      return inner;
    }
    if (token.kind === ')') throw new SearchSyntaxError('unexpected ")" in search query');
    return parseTerm(token);
  }
}

export function parseSearchQuery(input: string): SearchExpression | undefined {
  return new Parser(tokenize(input)).parse();
}

/** How one searchable field of a resource answers a term. */
export type SearchField<T> = (record: T, comparator: Comparator, value: string) => boolean;

/** Per resource: the filterable fields, and what a bare word matches. */
export interface SearchFields<T> {
  fields: Record<string, SearchField<T>>;
  text?: (record: T, word: string) => boolean;
}

function compare(difference: number, comparator: Comparator): boolean {
  switch (comparator) {
    case '=':
      return difference === 0;
    case '<':
      return difference < 0;
    case '<=':
      return difference <= 0;
    case '>':
      return difference > 0;
    case '>=':
      return difference >= 0;
  }
}

/** `now`, a year, a date or a full ISO-8601 timestamp, as Shopify accepts in time filters. */
export function parseSearchTime(value: string, now: number): number | undefined {
  if (value.toLowerCase() === 'now') return now;
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(time) ? undefined : time;
}

export function timeField<T>(
  get: (record: T) => string | null | undefined,
  now: () => number,
): SearchField<T> {
  return (record, comparator, value) => {
    const raw = get(record);
    const wanted = parseSearchTime(value, now());
    if (raw == null || wanted === undefined) return false;
    return compare(Date.parse(raw) - wanted, comparator);
  };
}

export function textField<T>(get: (record: T) => string | null | undefined): SearchField<T> {
  return (record, comparator, value) => {
    const raw = get(record);
    if (raw == null) return false;
    if (comparator === '=' && value.endsWith('*')) {
      return raw.toLowerCase().startsWith(value.slice(0, -1).toLowerCase());
    }
    return compare(raw.toLowerCase().localeCompare(value.toLowerCase()), comparator);
  };
}

export function listField<T>(get: (record: T) => readonly string[]): SearchField<T> {
  return (record, comparator, value) =>
    comparator === '=' && get(record).some((item) => item.toLowerCase() === value.toLowerCase());
}

export function idField<T>(get: (record: T) => bigint): SearchField<T> {
  return (record, comparator, value) => {
    const digits = value.replace(/^gid:\/\/shopify\/[A-Za-z]+\//, '');
    if (!/^\d+$/.test(digits)) return false;
    const difference = get(record) - BigInt(digits);
    return compare(difference === 0n ? 0 : difference < 0n ? -1 : 1, comparator);
  };
}

/**
 * Whether a record matches a parsed query. Unknown fields match everything, as Shopify ignores
 * filters it does not support (it only warns) rather than failing the query.
 */
export function matchesSearch<T>(
  record: T,
  expression: SearchExpression | undefined,
  search: SearchFields<T>,
): boolean {
  if (!expression) return true;
  switch (expression.type) {
    case 'and':
      return expression.operands.every((operand) => matchesSearch(record, operand, search));
    case 'or':
      return expression.operands.some((operand) => matchesSearch(record, operand, search));
    case 'not':
      return !matchesSearch(record, expression.operand, search);
    case 'term': {
      if (expression.field === undefined) return search.text ? search.text(record, expression.value) : true;
      const field = search.fields[expression.field];
      return field ? field(record, expression.comparator, expression.value) : true;
    }
  }
}
