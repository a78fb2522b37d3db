import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { bookings, describe } from '../api/client';
import type { components } from '../api/booking-service';
import { useAuth } from '../auth';

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
  if (!me)
    return (
      <p>
        <Link to="/login">Sign in</Link> to see your invitations.
      </p>
    );
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
      {message && <p role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      <ul className="bookings">
        {items.map((invitation) => (
          <li key={invitation.id} data-invitation={invitation.id} data-status={invitation.status}>
            <Link to={`/events/${invitation.eventId}`}>{invitation.event?.title ?? 'Event'}</Link>
            <span>
              {invitation.event ? new Date(invitation.event.startsAt).toLocaleString() : ''} · answer by{' '}
              {new Date(invitation.rsvpBy).toLocaleString()} · <strong>{invitation.status}</strong>
            </span>
            {invitation.status !== 'cancelled' &&
              (['yes', 'no', 'maybe'] as const).map((response) => (
                <button key={response} type="button" onClick={() => void answer(invitation.id, response)}>
                  {response}
                </button>
              ))}
          </li>
        ))}
      </ul>
      {items.length === 0 && <p>No invitations.</p>}
    </section>
  );
}
