import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { bookings, describe } from '../api/client';
import type { components } from '../api/booking-service';
import { useAuth } from '../auth';
import { SignedOut } from '../components/signed-out';
import { formatWhen } from '@evently/time';
import { Alert, Badge, Button, Card, EmptyState } from '../ui';

type Invitation = components['schemas']['InvitationDto'];

/** Invitations addressed to the caller's email; each can be answered (and the answer changed) until its deadline. */
export function InvitationsPage() {
  const { me } = useAuth();
  const [items, setItems] = useState<Invitation[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const load = async () => {
    const { data } = await bookings.GET('/api/v1/invitations/mine', { params: { query: { limit: 50 } } });
    if (data) setItems(data.items);
  };
  useEffect(() => {
    if (me) void load();
  }, [me]);
  if (!me) return <SignedOut title="My invitations" what="see your invitations" />;
  const answer = async (id: string, response: 'yes' | 'no' | 'maybe') => {
    const { data, error } = await bookings.POST('/api/v1/invitations/{id}/rsvp', {
      params: { path: { id } },
      body: { response },
    });
    setMessage(
      error || !data ? { ok: false, text: describe(error) } : { ok: true, text: `Answered ${data.status}.` },
    );
    await load();
  };
  return (
    <section>
      <h1>My invitations</h1>
      {message && (message.ok ? <p role="status">{message.text}</p> : <Alert>{message.text}</Alert>)}
      <ul className="bookings">
        {items.map((invitation) => (
          <li key={invitation.id} data-invitation={invitation.id} data-status={invitation.status}>
            <Card className="stack">
              <Link className="card-title" to={`/events/${invitation.eventId}`}>
                {invitation.event?.title ?? 'Event'}
              </Link>
              <p className="card-meta">
                {invitation.event
                  ? `${formatWhen(invitation.event.startsAt, invitation.event.timeZone)} · `
                  : ''}
                answer by {formatWhen(invitation.rsvpBy, invitation.event?.timeZone)} ·{' '}
                <Badge tone="info">{invitation.status}</Badge>
              </p>
              {invitation.status !== 'cancelled' && (
                <span className="row">
                  {(['yes', 'no', 'maybe'] as const).map((response) => (
                    <Button key={response} size="small" onClick={() => void answer(invitation.id, response)}>
                      {response}
                    </Button>
                  ))}
                </span>
              )}
            </Card>
          </li>
        ))}
      </ul>
      {items.length === 0 && (
        <EmptyState title="No invitations">Invitations to private events and parties appear here.</EmptyState>
      )}
    </section>
  );
}
