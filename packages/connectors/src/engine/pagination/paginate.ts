import { ConnectorDefinitionError } from '../errors';
import type { QueryParams, RequestOptions } from '../http-types';
import { parseLinkHeader } from '../link-header';
import type {
  CursorPagination,
  GraphqlRelayPagination,
  LinkPagination,
  OffsetPagination,
  Page,
  PageCursor,
  PagePagination,
  PaginateInput,
} from './pagination-types';

function withQuery(request: RequestOptions, extra: QueryParams): RequestOptions {
  return { ...request, query: { ...request.query, ...extra } };
}

function cursorOfKind<K extends PageCursor['kind']>(
  start: PageCursor | null,
  kind: K,
): Extract<PageCursor, { kind: K }> | null {
  if (start === null) return null;
  if (start.kind !== kind) {
    throw new ConnectorDefinitionError(
      `checkpoint holds a '${start.kind}' cursor but the stream pages with '${kind}'`,
    );
  }
  return start as Extract<PageCursor, { kind: K }>;
}

async function* pageStrategy(pagination: PagePagination, input: PaginateInput): AsyncGenerator<Page> {
  const firstPage = pagination.firstPage ?? 1;
  let page = cursorOfKind(input.start, 'page')?.page ?? firstPage;
  while (true) {
    const cursor: PageCursor | null = page === firstPage ? null : { kind: 'page', page };
    const response = await input.send(
      withQuery(input.base, { [pagination.pageParam]: page, [pagination.sizeParam]: pagination.pageSize }),
    );
    const records = input.records(response);
    const totalPages = pagination.totalPages?.(response);
    const totalCount = pagination.totalCount?.(response);
    let hasMore: boolean;
    if (records.length === 0) {
      hasMore = false;
    } else if (totalPages !== undefined) {
      hasMore = page - firstPage + 1 < totalPages;
    } else if (totalCount !== undefined) {
      hasMore = (page - firstPage + 1) * pagination.pageSize < totalCount;
    } else {
      hasMore = records.length >= pagination.pageSize;
    }
    const next: PageCursor | null = hasMore ? { kind: 'page', page: page + 1 } : null;
    yield { records, response, cursor, next };
    if (!hasMore) return;
    page += 1;
  }
}

async function* offsetStrategy(pagination: OffsetPagination, input: PaginateInput): AsyncGenerator<Page> {
  let offset = cursorOfKind(input.start, 'offset')?.offset ?? 0;
  while (true) {
    const cursor: PageCursor | null = offset === 0 ? null : { kind: 'offset', offset };
    const response = await input.send(
      withQuery(input.base, {
        [pagination.offsetParam]: offset,
        [pagination.limitParam]: pagination.pageSize,
      }),
    );
    const records = input.records(response);
    const totalCount = pagination.totalCount?.(response);
    const hasMore =
      records.length > 0 &&
      (totalCount !== undefined
        ? offset + pagination.pageSize < totalCount
        : records.length >= pagination.pageSize);
    const next: PageCursor | null = hasMore ? { kind: 'offset', offset: offset + pagination.pageSize } : null;
    yield { records, response, cursor, next };
    if (!hasMore) return;
    offset += pagination.pageSize;
  }
}

/**
 * Platforms echo every query parameter into Link URLs, including query-string credentials; the
 * engine re-adds those on each request, so they are dropped before the URL becomes a checkpoint.
 */
function withoutParams(url: string | null, names: readonly string[]): string | null {
  if (url === null || names.length === 0) return url;
  const parsed = new URL(url);
  for (const name of names) parsed.searchParams.delete(name);
  return parsed.toString();
}

async function* linkStrategy(pagination: LinkPagination, input: PaginateInput): AsyncGenerator<Page> {
  const rel = pagination.rel ?? 'next';
  let url = cursorOfKind(input.start, 'link')?.url ?? null;
  while (true) {
    const cursor: PageCursor | null = url === null ? null : { kind: 'link', url };
    let request: RequestOptions;
    if (url !== null) {
      // The next URL already carries every parameter the platform wants; sending the original
      // filters too is rejected by some (Shopify REST page_info).
      const { path: _path, query: _query, ...rest } = input.base;
      request = { ...rest, url };
    } else if (pagination.sizeParam !== undefined && pagination.pageSize !== undefined) {
      request = withQuery(input.base, { [pagination.sizeParam]: pagination.pageSize });
    } else {
      request = input.base;
    }
    const response = await input.send(request);
    const records = input.records(response);
    const nextUrl = withoutParams(
      parseLinkHeader(response.headers.get('link'), response.url).get(rel) ?? null,
      response.authQueryKeys ?? [],
    );
    const next: PageCursor | null = nextUrl === null ? null : { kind: 'link', url: nextUrl };
    yield { records, response, cursor, next };
    if (nextUrl === null) return;
    url = nextUrl;
  }
}

async function* cursorStrategy(pagination: CursorPagination, input: PaginateInput): AsyncGenerator<Page> {
  const apply =
    pagination.apply ??
    ((request: RequestOptions, token: string): RequestOptions => {
      if (pagination.param === undefined) {
        throw new ConnectorDefinitionError("cursor pagination needs either 'param' or 'apply'");
      }
      return withQuery(request, { [pagination.param]: token });
    });
  let token = cursorOfKind(input.start, 'cursor')?.token ?? null;
  while (true) {
    const cursor: PageCursor | null = token === null ? null : { kind: 'cursor', token };
    const response = await input.send(token === null ? input.base : apply(input.base, token));
    const records = input.records(response);
    const nextToken = pagination.next(response);
    const next: PageCursor | null = nextToken ? { kind: 'cursor', token: nextToken } : null;
    yield { records, response, cursor, next };
    if (!nextToken) return;
    token = nextToken;
  }
}

function withVariable(request: RequestOptions, name: string, value: string): RequestOptions {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ConnectorDefinitionError('graphqlRelay pagination needs a GraphQL body { query, variables }');
  }
  const variables = (body as { variables?: unknown }).variables;
  const current = typeof variables === 'object' && variables !== null ? variables : {};
  return { ...request, body: { ...body, variables: { ...current, [name]: value } } };
}

async function* graphqlRelayStrategy(
  pagination: GraphqlRelayPagination,
  input: PaginateInput,
): AsyncGenerator<Page> {
  const variable = pagination.variable ?? 'after';
  let after = cursorOfKind(input.start, 'graphqlRelay')?.after ?? null;
  while (true) {
    const cursor: PageCursor | null = after === null ? null : { kind: 'graphqlRelay', after };
    const response = await input.send(
      after === null ? input.base : withVariable(input.base, variable, after),
    );
    const records = input.records(response);
    const info = pagination.pageInfo(response);
    const endCursor = info?.hasNextPage ? (info.endCursor ?? null) : null;
    const next: PageCursor | null = endCursor ? { kind: 'graphqlRelay', after: endCursor } : null;
    yield { records, response, cursor, next };
    if (!endCursor) return;
    after = endCursor;
  }
}

/**
 * Pages a stream to exhaustion as an async iterator, starting from `start` when resuming.
 * The closed set of strategies is implemented here once for every connector.
 */
export function paginate(input: PaginateInput): AsyncGenerator<Page> {
  const { pagination } = input;
  switch (pagination.kind) {
    case 'page':
      return pageStrategy(pagination, input);
    case 'offset':
      return offsetStrategy(pagination, input);
    case 'link':
      return linkStrategy(pagination, input);
    case 'cursor':
      return cursorStrategy(pagination, input);
    case 'graphqlRelay':
      return graphqlRelayStrategy(pagination, input);
    default:
      return assertNever(pagination);
  }
}

function assertNever(value: never): never {
  throw new ConnectorDefinitionError(`unknown pagination kind: ${JSON.stringify(value)}`);
}
