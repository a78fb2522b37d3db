/** The path of a request URL, without its query string (Fastify's request has no `path`). */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}
