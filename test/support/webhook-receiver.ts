// A webhook receiver for specs: an HTTP server on 127.0.0.1 that verifies every delivery's Standard Webhooks
// signature with the subscription's secret(s) and keeps what it took; it can be told to fail for a while.
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  seq: number | null;
  type: string;
  data: Record<string, unknown>;
  /** Which of the secrets verified it (by index in `secrets`). */
  verifiedBy: number[];
  signatures: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Deliveries refused with a 503 while down (they come back later). */
  refused: number;
  /** Secrets to verify with; a delivery that none verifies is refused with 400 and counted in `forged`. */
  secrets: string[];
  forged: number;
  down: boolean;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    received: [],
    refused: 0,
    secrets: [],
    forged: 0,
    down: false,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (receiver.down) {
        receiver.refused++;
        res.writeHead(503).end('down for maintenance');
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      const verifiedBy = receiver.secrets.flatMap((secret, i) => {
        try {
          new Webhook(secret).verify(body, headers);
          return [i];
        } catch {
          return [];
        }
      });
      if (verifiedBy.length === 0) {
        receiver.forged++;
        res.writeHead(400).end('bad signature');
        return;
      }
      const parsed = JSON.parse(body) as { type: string; seq: number | null; data: Record<string, unknown> };
      receiver.received.push({
        id: headers['webhook-id'],
        seq: parsed.seq,
        type: parsed.type,
        data: parsed.data,
        verifiedBy,
        signatures: headers['webhook-signature'].split(' ').length,
      });
      res.writeHead(200).end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/evently`;
  return receiver;
}
