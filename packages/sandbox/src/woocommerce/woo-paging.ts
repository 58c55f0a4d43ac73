import type { ListQuery } from './woo-query';

export interface Page<T> {
  items: T[];
  total: number;
  totalPages: number;
  headers: Record<string, string>;
}

// Credentials never go into Link URLs (WordPress would echo them back from the request).
const SECRET_PARAMS = /^(oauth_|consumer_key$|consumer_secret$)/;

/**
 * Slices one page and builds WordPress's paging headers: `X-WP-Total`, `X-WP-TotalPages` and a
 * `Link` header with first/prev/next/last that keeps the request's other query parameters.
 */
export function paginate<T>(all: readonly T[], query: ListQuery, requestUrl: URL): Page<T> {
  const total = all.length;
  const start = query.offset ?? (query.page - 1) * query.perPage;
  const totalPages = Math.ceil(total / query.perPage);
  const items = all.slice(start, start + query.perPage);

  const pageUrl = (page: number) => {
    const url = new URL(requestUrl.pathname, requestUrl.origin);
    for (const [key, value] of requestUrl.searchParams) {
      if (key !== 'page' && !SECRET_PARAMS.test(key)) url.searchParams.append(key, value);
    }
    url.searchParams.set('page', String(page));
    return url.toString();
  };
  const rels: string[] = [];
  if (totalPages > 0) rels.push(`<${pageUrl(1)}>; rel="first"`);
  if (query.page > 1 && totalPages > 0)
    rels.push(`<${pageUrl(Math.min(query.page - 1, totalPages))}>; rel="prev"`);
  if (query.page < totalPages) rels.push(`<${pageUrl(query.page + 1)}>; rel="next"`);
  if (totalPages > 0) rels.push(`<${pageUrl(totalPages)}>; rel="last"`);

  const headers: Record<string, string> = {
    'X-WP-Total': String(total),
    'X-WP-TotalPages': String(totalPages),
  };
  if (rels.length > 0) headers.Link = rels.join(', ');
  return { items, total, totalPages, headers };
}
