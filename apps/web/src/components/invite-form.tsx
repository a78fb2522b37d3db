import { type FormEvent, useState } from 'react';
import { bookings, describe, fieldErrors } from '../api/client';
import { fieldText } from '../form';
import { zonedToInstant } from '@evently/time';
import { parseGuests } from '../format';

/** Invites guests by email; the API skips addresses already invited and says which. */
export function InviteForm({
  eventId,
  timeZone,
  onInvited,
}: {
  eventId: string;
  /** The event's zone: the answer-by time is read on its clocks. */
  timeZone: string;
  onInvited(): void;
}) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    const note = fieldText(form, 'message').trim();
    const rsvpBy = fieldText(form, 'rsvpBy');
    const { data, error } = await bookings.POST('/api/v1/invitations', {
      body: {
        eventId,
        guests: parseGuests(fieldText(form, 'guests')),
        plusOnesAllowed: Number(form.get('plusOnesAllowed') ?? 0),
        ...(note ? { message: note } : {}),
        ...(rsvpBy ? { rsvpBy: zonedToInstant(rsvpBy, timeZone) } : {}),
      },
    });
    if (!data) {
      const fields = Object.entries(fieldErrors(error));
      const detail = fields.length > 0 ? fields.map(([k, v]) => `${k}: ${v[0]}`).join('; ') : describe(error);
      return setMessage({ ok: false, text: detail });
    }
    const skipped = data.skipped.length > 0 ? ` (already invited: ${data.skipped.join(', ')})` : '';
    setMessage({ ok: true, text: `Invited ${data.items.length} guest(s)${skipped}.` });
    formElement.reset();
    onInvited();
  };
  return (
    <form className="card wide" onSubmit={(e) => void submit(e)}>
      <h2>Invite guests</h2>
      <label>
        Guests (one per line: email, or Name &lt;email&gt;)
        <textarea name="guests" rows={4} />
      </label>
      <label>
        Message <input name="message" />
      </label>
      <label>
        Answers close (default: the start; {timeZone} time) <input type="datetime-local" name="rsvpBy" />
      </label>
      <label>
        Plus-ones allowed <input type="number" name="plusOnesAllowed" min={0} max={10} defaultValue={0} />
      </label>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} data-testid="invite-result">
          {message.text}
        </p>
      )}
      <button type="submit">Send invitations</button>
    </form>
  );
}
