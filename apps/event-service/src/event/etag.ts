/** The ETag of an event version: a strong entity tag holding the version number. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Whether an `If-Match` header value admits `version`: `*`, or a list with that tag. Weak tags are compared by
 * their value too, because Nginx turns a strong ETag into a weak one when it gzips the response.
 */
export function ifMatchAdmits(header: string, version: number): boolean {
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || tag.replace(/^W\//, '') === etagOf(version));
}
