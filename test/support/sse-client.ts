// A Server-Sent Events client through the gateway (Node has no EventSource): collects parsed events.
import { SseEvent, SseParser } from '@evently/sse';
import { request } from 'node:http';
import { newClientAddress } from './gateway-client';
import { gatewayUrl } from './stack';

export type { SseEvent } from '@evently/sse';

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
  const parser = new SseParser();
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
    res.on('data', (chunk: string) => events.push(...parser.push(chunk)));
  });
  req.on('error', () => {
    resolveStatus(0);
    resolveEnded();
  });
  req.end();
  return { status, events, ended, close: () => req.destroy() };
}
