import { findUnsafeInput, MAX_INPUT_DEPTH } from './input-guard';

const nested = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

describe('findUnsafeInput', () => {
  it.each(['{"__proto__":{"x":1}}', '{"constructor":1}', '{"a":{"hasOwnProperty":1}}', '{"toString":"x"}'])(
    'names a key every object inherits, as parsed from %s',
    (json) => {
      expect(findUnsafeInput(JSON.parse(json), 'body')).toMatchObject({ kind: 'reserved' });
    },
  );

  it('passes ordinary text, emoji (paired surrogates) included', () => {
    expect(
      findUnsafeInput({ title: 'Fado 🎸 night', venue: { city: 'Lisboa' }, tags: ['a', 'b'] }, 'body'),
    ).toBeUndefined();
  });

  it('names the path of a NUL', () => {
    expect(findUnsafeInput({ venue: { name: 'a\u0000b' } }, 'body')).toEqual({
      kind: 'text',
      path: 'venue.name',
    });
  });

  it.each(['\ud800', 'x\udc00', '\udbffx'])('names an unpaired surrogate in %j', (text) => {
    expect(findUnsafeInput({ email: text }, 'body')).toEqual({ kind: 'text', path: 'email' });
  });

  it('checks keys as well as values', () => {
    expect(findUnsafeInput({ 'a\u0000': 1 }, 'query')).toEqual({ kind: 'text', path: '(query key)' });
  });

  it('names the whole body when it is itself a bad string', () => {
    expect(findUnsafeInput('\u0000', 'body')).toEqual({ kind: 'text', path: '(body)' });
  });

  it(`accepts ${MAX_INPUT_DEPTH} levels of nesting and refuses one more`, () => {
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH), 'body')).toBeUndefined();
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH + 1), 'body')?.kind).toBe('depth');
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeInput(deep, 'body')?.kind).toBe('depth');
  });
});
