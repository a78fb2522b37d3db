import { SseParser } from '@evently/sse';
import { tokens } from './client';

/**
 * Reads a Server-Sent Events stream of the API with fetch (EventSource cannot send the Authorization header)
 * and calls `onEvent` with each event's name and parsed data. With `reconnectMs`, a stream that ends or
 * fails is opened again after that long (the network came back, an instance restarted). Returns a function
 * that stops it.
 */
export function follow(
  path: string,
  onEvent: (name: string, data: unknown) => void,
  { reconnectMs }: { reconnectMs?: number } = {},
): () => void {
  const abort = new AbortController();
  const read = async () => {
    const res = await fetch(path, {
      headers: { authorization: `Bearer ${tokens.get()?.accessToken ?? ''}`, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    if (!res.ok || !res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const event of parser.push(value)) {
        if (event.event && event.data) onEvent(event.event, JSON.parse(event.data));
      }
    }
  };
  const run = (): void => {
    void read()
      .catch(() => undefined)
      .then(() => {
        if (reconnectMs !== undefined && !abort.signal.aborted) setTimeout(run, reconnectMs);
      });
  };
  run();
  return () => abort.abort();
}
