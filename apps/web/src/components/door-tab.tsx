import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { bookings, describe } from '../api/client';
import { follow } from '../api/live';
import type { components } from '../api/booking-service';
import { Alert, Button, SelectField, Table, TextField } from '../ui';

type Staff = components['schemas']['StaffDto'];
type Attendee = components['schemas']['AttendeeDto'];
type CheckIn = components['schemas']['CheckInSummaryDto'];

const RECONNECT_MS = 3000;

/**
 * The organizer's door: the scanner, who works the door (door staff check in; managers also see attendees
 * and undo check-ins), the attendees with who is in, and the CSV export.
 */
export function DoorTab({ eventId }: { eventId: string }) {
  const [staff, setStaff] = useState<Staff[]>([]);
  const [attendees, setAttendees] = useState<Attendee[]>([]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'door' | 'manager'>('door');
  const [error, setError] = useState<string | null>(null);
  const [checkIn, setCheckIn] = useState<CheckIn | null>(null);
  const path = { path: { eventId } };

  const load = useCallback(async () => {
    const [team, people] = await Promise.all([
      bookings.GET('/api/v1/events/{eventId}/staff', { params: { path: { eventId } } }),
      bookings.GET('/api/v1/events/{eventId}/attendees', {
        params: { path: { eventId }, query: { limit: 100 } },
      }),
    ]);
    if (team.data) setStaff(team.data.items);
    if (people.data) setAttendees(people.data.items);
  }, [eventId]);
  useEffect(() => {
    void load();
    // The counter follows the door live (pushed as scans land, on any instance); the list with it.
    return follow(
      `/api/v1/events/${eventId}/checkins/stream`,
      (name, data) => {
        if (name !== 'count') return;
        setCheckIn(data as CheckIn);
        void load();
      },
      { reconnectMs: RECONNECT_MS },
    );
  }, [load, eventId]);

  const add = async () => {
    const { error: failure } = await bookings.POST('/api/v1/events/{eventId}/staff', {
      params: path,
      body: { email: email.trim(), role },
    });
    setError(failure ? describe(failure) : null);
    if (!failure) setEmail('');
    await load();
  };
  const remove = async (userId: string) => {
    await bookings.DELETE('/api/v1/events/{eventId}/staff/{userId}', {
      params: { path: { eventId, userId } },
    });
    await load();
  };
  // The export needs the caller's token, so it is fetched here and handed to the browser as a file.
  const exportCsv = async () => {
    const { data, error: failure } = await bookings.GET('/api/v1/events/{eventId}/attendees.csv', {
      params: path,
      parseAs: 'blob',
    });
    if (!data) return setError(describe(failure));
    const link = document.createElement('a');
    link.href = URL.createObjectURL(data);
    link.download = `attendees-${eventId}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <div className="stack" data-testid="door-tab">
      <p className="row">
        <Link to={`/door/${eventId}`}>Open the scanner</Link>
        <Button size="small" onClick={() => void exportCsv()}>
          Export attendees (CSV)
        </Button>
      </p>
      <h2>Staff</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <TextField
          label="Email of their account"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <SelectField
          label="Role"
          value={role}
          onChange={(e) => setRole(e.target.value as 'door' | 'manager')}
        >
          <option value="door">Door (check in)</option>
          <option value="manager">Manager (also attendees)</option>
        </SelectField>
        <Button type="submit" disabled={email.trim() === ''}>
          Add
        </Button>
      </form>
      {error && <Alert>{error}</Alert>}
      <ul className="ticket-types" aria-label="Staff">
        {staff.map((s) => (
          <li key={s.userId} className="row spread">
            <span>
              {s.fullName ?? s.email} · {s.role}
            </span>
            <Button size="small" onClick={() => void remove(s.userId)}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      <h2>Attendees</h2>
      {checkIn && (
        <ul className="ticket-types" aria-label="Checked in by ticket type" data-testid="door-counter">
          {checkIn.byType.map((t) => (
            <li key={t.ticketTypeId} className="row spread">
              <span>{t.name}</span>
              <strong>
                {t.checkedIn} of {t.expected} in
              </strong>
            </li>
          ))}
          {checkIn.noShows !== null && <li>No-shows: {checkIn.noShows}</li>}
        </ul>
      )}
      {checkIn && (
        <p data-testid="door-count" aria-live="polite">
          {checkIn.checkedIn} of {checkIn.expected} checked in
        </p>
      )}
      <Table caption="Attendees">
        <thead>
          <tr>
            <th scope="col">Attendee</th>
            <th scope="col">Holder</th>
            <th scope="col">Ticket type</th>
            <th scope="col">Seat</th>
            <th scope="col">Checked in</th>
          </tr>
        </thead>
        <tbody>
          {attendees.map((a) => (
            <tr key={a.ticketId}>
              <td>{a.attendeeName ?? '—'}</td>
              <td>{a.holderName ?? a.holderEmail ?? '—'}</td>
              <td>{a.ticketTypeName ?? '—'}</td>
              <td>{a.seat ?? '—'}</td>
              <td>{a.checkedInAt ? new Date(a.checkedInAt).toLocaleTimeString() : 'not yet'}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
