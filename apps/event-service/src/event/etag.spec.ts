import { etagOf, ifMatchAdmits } from './etag';

describe('If-Match', () => {
  it('admits the current version, a list holding it, *, and its weak form (Nginx gzip weakens ETags)', () => {
    expect(etagOf(3)).toBe('"3"');
    expect(ifMatchAdmits('"3"', 3)).toBe(true);
    expect(ifMatchAdmits('"1", "3"', 3)).toBe(true);
    expect(ifMatchAdmits('*', 3)).toBe(true);
    expect(ifMatchAdmits('W/"3"', 3)).toBe(true);
  });

  it('refuses another version or an unquoted tag', () => {
    expect(ifMatchAdmits('"2"', 3)).toBe(false);
    expect(ifMatchAdmits('3', 3)).toBe(false);
    expect(ifMatchAdmits('"33"', 3)).toBe(false);
    expect(ifMatchAdmits('', 3)).toBe(false);
  });
});
