/**
 * Parses an RFC 8288 `Link` header into a map of rel → absolute URL.
 * Handles several links, quoted or bare rel values, several space-separated rels and relative
 * targets (resolved against `baseUrl`). WooCommerce sends next/prev/first/last; Shopify REST
 * sends next/previous.
 */
export function parseLinkHeader(header: string | null | undefined, baseUrl?: string): Map<string, string> {
  const links = new Map<string, string>();
  if (!header) return links;
  const pattern = /<([^>]*)>\s*((?:;\s*[^;,]+)*)/g;
  for (const match of header.matchAll(pattern)) {
    const target = match[1] ?? '';
    const params = match[2] ?? '';
    const relMatch = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(params);
    const relValue = relMatch?.[1] ?? relMatch?.[2];
    if (!relValue) continue;
    let url: string;
    try {
      url = new URL(target, baseUrl).toString();
    } catch {
      continue;
    }
    for (const rel of relValue.trim().split(/\s+/)) {
      const key = rel.toLowerCase();
      if (!links.has(key)) links.set(key, url);
    }
  }
  return links;
}
