import { useEffect, useState } from 'react';
import { SseParser } from '@evently/sse';
import { notifications, tokens } from '../api/client';
import type { components } from '../api/notifier-service';
import { useAuth } from '../auth';
import { SignedOut } from '../components/signed-out';
import { Badge, Button, Card, EmptyState } from '../ui';

type Notice = components['schemas']['NotificationDto'];

/**
 * Reads the live stream with fetch (EventSource cannot send the Authorization header) and calls `onNotice`
 * for each `notification` event; returns a function that stops it.
 */
function follow(onNotice: (notice: Notice) => void): () => void {
  const abort = new AbortController();
  void (async () => {
    const res = await fetch('/api/v1/notifications/stream', {
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
        if (event.event === 'notification' && event.data) onNotice(JSON.parse(event.data) as Notice);
      }
    }
  })().catch(() => undefined);
  return () => abort.abort();
}

/** The inbox: newest first, new items arriving live, each can be marked read. */
export function NotificationsPage() {
  const { me } = useAuth();
  const [items, setItems] = useState<Notice[]>([]);
  useEffect(() => {
    if (!me) return;
    void notifications.GET('/api/v1/notifications', { params: { query: { limit: 50 } } }).then(({ data }) => {
      if (data) setItems((live) => [...live, ...data.items.filter((n) => !live.some((l) => l.id === n.id))]);
    });
    return follow((notice) =>
      setItems((current) => (current.some((n) => n.id === notice.id) ? current : [notice, ...current])),
    );
  }, [me]);
  if (!me) return <SignedOut title="Notifications" what="see your notifications" />;
  const markRead = async (id: string) => {
    const { data } = await notifications.POST('/api/v1/notifications/{id}/read', {
      params: { path: { id } },
    });
    if (data) setItems((current) => current.map((n) => (n.id === id ? data : n)));
  };
  return (
    <section>
      <h1>Notifications</h1>
      <ul className="notifications">
        {items.map((n) => (
          <li key={n.id} data-type={n.type} className={n.readAt ? 'read' : 'unread'}>
            <Card className="stack">
              <span className="row spread">
                <strong>{n.title}</strong>
                {!n.readAt && <Badge tone="info">new</Badge>}
              </span>
              <p>{n.body}</p>
              {!n.readAt && (
                <span>
                  <Button size="small" onClick={() => void markRead(n.id)}>
                    Mark read
                  </Button>
                </span>
              )}
            </Card>
          </li>
        ))}
      </ul>
      {items.length === 0 && (
        <EmptyState title="Nothing yet">
          Bookings, offers and changes to your events are told here.
        </EmptyState>
      )}
    </section>
  );
}
