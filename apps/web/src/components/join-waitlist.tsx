import { formatMoney } from '@evently/money';
import { useState } from 'react';
import { bookings, describe } from '../api/client';
import type { components as eventSchemas } from '../api/event-service';
import { Alert, Button, SelectField, TextField } from '../ui';

type Event = eventSchemas['schemas']['EventDto'];

/**
 * Joining the waiting list of a sold-out event sold by ticket type: how many places, and (general admission)
 * of which type; the offer, when places free up, is an order of it. Seated offers are priced by the sections
 * of the seats offered, so no type is asked.
 */
export function JoinWaitlist({
  event,
  seated,
  onJoined,
}: {
  event: Event;
  seated: boolean;
  onJoined(): void;
}) {
  const shown = event.ticketTypes.filter((t) => !t.hidden);
  const [ticketTypeId, setTicketTypeId] = useState(shown[0]?.id ?? '');
  const [quantity, setQuantity] = useState(1);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const join = async () => {
    const { data, error } = await bookings.POST('/api/v1/waitlist', {
      body: { eventId: event.id, quantity, ...(!seated && ticketTypeId && { ticketTypeId }) },
    });
    setMessage(
      data
        ? { ok: true, text: `On the waiting list, position ${data.position}` }
        : { ok: false, text: describe(error) },
    );
    if (data) onJoined();
  };

  return (
    <div className="stack" data-testid="join-waitlist">
      <p>Sold out. Join the waiting list: when places free up, they are offered in turn.</p>
      {!seated && shown.length > 1 && (
        <SelectField
          label="Ticket type"
          value={ticketTypeId}
          onChange={(e) => setTicketTypeId(e.target.value)}
        >
          {shown.map((type) => (
            <option key={type.id} value={type.id}>
              {type.name} ({formatMoney(type.price)})
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        label="Places wanted"
        type="number"
        min={1}
        max={10}
        value={quantity}
        onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))}
      />
      <Button onClick={() => void join()}>Join the waiting list</Button>
      {message && (message.ok ? <p role="status">{message.text}</p> : <Alert>{message.text}</Alert>)}
    </div>
  );
}
