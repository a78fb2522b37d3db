import { RequestContext, resolveRequestId } from './request-context';

describe('resolveRequestId', () => {
  it('keeps a sane caller id', () => {
    expect(resolveRequestId('gw-1234.abc:9')).toBe('gw-1234.abc:9');
  });

  it.each([undefined, '', 'has space', 'x'.repeat(129), '<script>'])(
    'replaces %p with a fresh UUID',
    (value) => {
      expect(resolveRequestId(value)).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('exposes the id to code running later in the same request', async () => {
    const seen = await RequestContext.run({ requestId: 'r-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return RequestContext.requestId();
    });
    expect(seen).toBe('r-1');
    expect(RequestContext.requestId()).toBeUndefined();
  });
});
