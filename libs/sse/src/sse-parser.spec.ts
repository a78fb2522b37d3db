import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('reads the events Evently sends: type, id and JSON data', () => {
    const parser = new SseParser();
    expect(parser.push('id: 7\nevent: notification\ndata: {"a":1}\n\nevent: ping\ndata: {}\n\n')).toEqual([
      { event: 'notification', id: '7', data: '{"a":1}' },
      { event: 'ping', data: '{}' },
    ]);
  });

  it('completes an event split across chunks anywhere, \\r\\n included', () => {
    const parser = new SseParser();
    const text = 'event: notification\r\ndata: {"title":"Jazz"}\r\n\r\n';
    const events = [...text].flatMap((character) => parser.push(character));
    expect(events).toEqual([{ event: 'notification', data: '{"title":"Jazz"}' }]);
  });

  it('joins data lines, keeps a value without the space, skips comments and empty events', () => {
    const parser = new SseParser();
    expect(parser.push(': heartbeat\n\ndata:one\ndata: two\n\n\n')).toEqual([
      { event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('ends on the last event of a stream (replaced, revoked)', () => {
    const parser = new SseParser();
    expect(parser.push('event: replaced\ndata: {"reason":"replaced"}\n\n').map((e) => e.event)).toEqual([
      'replaced',
    ]);
  });
});
