// The sender against real sockets on 127.0.0.1: what it refuses before connecting, and how it treats a
// receiver that answers, redirects, stalls or talks too much.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { checkTarget, send } from './webhook-sender';

describe('webhook sender', () => {
  let server: Server;
  let base: string;
  const seen: IncomingMessage[] = [];
  let answer: (res: ServerResponse) => void = (res) => res.end('ok');

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      req.resume();
      req.on('end', () => answer(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    seen.length = 0;
    answer = (res) => res.end('ok');
  });

  const options = { allowPrivate: true, timeoutMs: 1000, maxResponseBytes: 1024 };

  it('refuses loopback targets, literal or by name, without connecting, unless allowed', async () => {
    const refused = await send(`${base}/hook`, {}, '{}', { ...options, allowPrivate: false });
    expect(refused).toMatchObject({
      ok: false,
      status: null,
      error: '127.0.0.1 is not an address webhooks may call',
    });
    const byName = await send(base.replace('127.0.0.1', 'localhost'), {}, '{}', {
      ...options,
      allowPrivate: false,
    });
    expect(byName.ok).toBe(false);
    expect(byName.error).toMatch(/localhost resolves to .* which is not allowed/);
    expect(seen).toHaveLength(0);
    expect(await checkTarget(`${base}/hook`, false)).toBe('127.0.0.1 is not an address webhooks may call');
    expect(await checkTarget('http://[::ffff:169.254.169.254]/', false)).toMatch(/not an address/);
    expect(await checkTarget(`${base}/hook`, true)).toBeNull();
  });

  it('posts the body with the given headers and takes a 2xx as delivered', async () => {
    const sent = await send(`${base}/hook`, { 'webhook-id': 'msg_1' }, '{"a":1}', options);
    expect(sent).toMatchObject({ ok: true, status: 200, excerpt: 'ok', error: null });
    expect(seen[0].method).toBe('POST');
    expect(seen[0].headers['webhook-id']).toBe('msg_1');
    expect(seen[0].headers['content-type']).toBe('application/json');
  });

  it('does not follow redirects, gives up on a stalled receiver, and reads only so much', async () => {
    answer = (res) => res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
    expect(await send(`${base}/hook`, {}, '{}', options)).toMatchObject({
      ok: false,
      status: 302,
      error: 'redirects are not followed',
    });
    expect(seen).toHaveLength(1);

    answer = () => undefined; // never answers
    const stalled = await send(`${base}/hook`, {}, '{}', { ...options, timeoutMs: 300 });
    expect(stalled).toMatchObject({ ok: false, status: null, error: 'no answer within 300 ms' });
    expect(stalled.ms).toBeLessThan(1000);

    answer = (res) => {
      res.writeHead(500);
      res.write('x'.repeat(4096));
      // keeps the response open: the sender stops reading at its cap
    };
    const chatty = await send(`${base}/hook`, {}, '{}', { ...options, maxResponseBytes: 100 });
    expect(chatty).toMatchObject({ ok: false, status: 500 });
    expect(chatty.excerpt).toBe('x'.repeat(100));
  });
});
