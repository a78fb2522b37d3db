import { useEffect, useState } from 'react';
import { notifications } from '../api/client';
import type { components } from '../api/notifier-service';
import { EmptyState, Skeleton, Table } from '../ui';

type Entry = components['schemas']['AuditEntryDto'];

const show = (value: unknown): string =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** What was done to an event, from the audit log: who, what, when, from where, which fields changed. */
export function ActivityTab({ eventId }: { eventId: string }) {
  const [items, setItems] = useState<Entry[] | null>(null);
  useEffect(() => {
    void notifications
      .GET('/api/v1/audit', { params: { query: { eventId, limit: 200 } } })
      .then(({ data }) => setItems(data ? [...data.items].reverse() : []));
  }, [eventId]);
  if (items === null) return <Skeleton />;
  if (items.length === 0) return <EmptyState title="Nothing recorded yet" />;
  return (
    <Table caption="Activity, newest first">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">What</th>
          <th scope="col">Who</th>
          <th scope="col">Changes</th>
          <th scope="col">From</th>
        </tr>
      </thead>
      <tbody data-testid="activity">
        {items.map((e) => (
          <tr key={e.seq} data-action={e.action}>
            <td>{new Date(e.at).toLocaleString()}</td>
            <td>{e.action}</td>
            <td>
              {e.actorRole} {e.actorId.slice(0, 8)}
            </td>
            <td>
              {e.changes
                ? Object.entries(e.changes as Record<string, { from: unknown; to: unknown }>)
                    .map(([field, c]) => `${field}: ${show(c.from)} → ${show(c.to)}`)
                    .join('; ')
                : e.details
                  ? show(e.details)
                  : '—'}
            </td>
            <td>{e.address ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
