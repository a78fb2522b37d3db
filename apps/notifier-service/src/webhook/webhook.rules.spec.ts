import { Webhook } from 'standardwebhooks';
import {
  addressAllowed,
  deliveryBody,
  excerpt,
  literalAddress,
  newSecret,
  retryDelaySeconds,
  urlProblem,
} from './webhook.rules';

describe('webhook rules', () => {
  it('makes secrets the Standard Webhooks library signs and verifies with', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const hook = new Webhook(secret);
    const at = new Date();
    const signature = hook.sign('msg_1', at, '{"a":1}');
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    };
    expect(hook.verify('{"a":1}', headers)).toEqual({ a: 1 });
  });

  it('waits twice as long after each failure, up to the cap', () => {
    expect(retryDelaySeconds(1, 10, 3600, 0.5)).toBe(10);
    expect(retryDelaySeconds(3, 10, 3600, 0.5)).toBe(40);
    expect(retryDelaySeconds(30, 10, 3600, 0.5)).toBe(3600);
    expect(retryDelaySeconds(1, 10, 3600, 0)).toBe(8);
  });

  it('refuses loopback, private, link-local, metadata and mapped addresses unless private targets are allowed', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
    ]) {
      expect([address, addressAllowed(address, false)]).toEqual([address, false]);
      expect(addressAllowed(address, true)).toBe(true);
    }
    expect(addressAllowed('93.184.216.34', false)).toBe(true);
    expect(addressAllowed('2606:4700::1111', false)).toBe(true);
    expect(addressAllowed('not an address', true)).toBe(false);
  });

  it('takes http(s) URLs without credentials, https only when so configured', () => {
    expect(urlProblem('https://hooks.example.com/x', true)).toBeNull();
    expect(urlProblem('http://hooks.example.com/x', true)).toBe('url must be https');
    expect(urlProblem('http://hooks.example.com/x', false)).toBeNull();
    expect(urlProblem('ftp://x', false)).toBe('url must be http or https');
    expect(urlProblem('https://u:p@x.example', false)).toBe('url must not carry credentials');
    expect(urlProblem('nope', false)).toBe('url must be an absolute URL');
    expect(literalAddress('[::1]')).toBe('::1');
    expect(literalAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(literalAddress('localhost')).toBeNull();
  });

  it('sends the entry as type, timestamp, seq and data; keeps answers short', () => {
    const body = deliveryBody({
      type: 'booking.confirmed',
      seq: 7,
      organizerId: 'o',
      eventId: 'e',
      occurredAt: new Date('2027-01-01T00:00:00Z'),
      data: { x: 1 },
    });
    expect(JSON.parse(body)).toEqual({
      type: 'booking.confirmed',
      timestamp: '2027-01-01T00:00:00.000Z',
      seq: 7,
      organizerId: 'o',
      eventId: 'e',
      data: { x: 1 },
    });
    expect(excerpt('a\n  b')).toBe('a b');
    expect(excerpt('x'.repeat(400))).toHaveLength(301);
  });
});
