import { etagListNames } from '@evently/common';

/** The ETag of an event version: a strong entity tag holding the version number. */
export const etagOf = (version: number): string => `"${version}"`;

/** Whether an `If-Match` header value admits `version`: `*`, or a list with its tag (weak or strong). */
export const ifMatchAdmits = (header: string, version: number): boolean =>
  etagListNames(header, etagOf(version));
