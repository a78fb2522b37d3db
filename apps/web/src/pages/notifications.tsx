import { useEffect, useState } from 'react';
import { notifications } from '../api/client';
import { follow } from '../api/live';
import type { components } from '../api/notifier-service';
import { useAuth } from '../auth';
import { SignedOut } from '../components/signed-out';
import { Badge, Button, Card, EmptyState } from '../ui';

type Notice = components['schemas']['NotificationDto'];

/** The inbox: newest first, new items arriving live, each can be marked read. */
export function NotificationsPage() {
  const { me } = useAuth();
  const [items, setItems] = useState<Notice[]>([]);
  useEffect(() => {
    if (!me) return;
    void notifications.GET('/api/v1/notifications', { params: { query: { limit: 50 } } }).then(({ data }) => {
      if (data) setItems((live) => [...live, ...data.items.filter((n) => !live.some((l) => l.id === n.id))]);
    });
    return follow('/api/v1/notifications/stream', (name, data) => {
      if (name !== 'notification') return;
      const notice = data as Notice;
      setItems((current) => (current.some((n) => n.id === notice.id) ? current : [notice, ...current]));
    });
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
