// A Server-Sent Events client through the gateway (Node has no EventSource): collects parsed events.
import { request } from 'node:http';
import { newClientAddress } from './gateway-client';
import { gatewayUrl } from './stack';

export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

export interface SseConnection {
  status: Promise<number>;
  events: SseEvent[];
  /** Settles when the server ends the response (or the connection fails). */
  ended: Promise<void>;
  close(): void;
}

/**
 * Opens `path` on the gateway, or on `baseUrl` (e.g. one service instance directly); through the gateway
 * from a fresh client address unless `from` names one.
 */
export function openSse(
  path: string,
  token: string,
  baseUrl: string = gatewayUrl(),
  from?: string,
): SseConnection {
  const events: SseEvent[] = [];
  let buffer = '';
  let resolveStatus: (status: number) => void = () => undefined;
  const status = new Promise<number>((resolve) => (resolveStatus = resolve));
  let resolveEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  const req = request(new URL(path, baseUrl), {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    localAddress: from ?? (baseUrl === gatewayUrl() ? newClientAddress() : undefined),
    agent: false,
  });
  req.on('response', (res) => {
    resolveStatus(res.statusCode ?? 0);
    res.on('end', resolveEnded);
    res.on('close', resolveEnded);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = { event: 'message', data: '' };
        for (const line of block.split('\n')) {
          const [field, ...rest] = line.split(':');
          const value = rest.join(':').replace(/^ /, '');
          if (field === 'event') event.event = value;
          else if (field === 'id') event.id = value;
          else if (field === 'data') event.data += value;
        }
        if (block.trim()) events.push(event);
      }
    });
  });
  req.on('error', () => {
    resolveStatus(0);
    resolveEnded();
  });
  req.end();
  return { status, events, ended, close: () => req.destroy() };
}
