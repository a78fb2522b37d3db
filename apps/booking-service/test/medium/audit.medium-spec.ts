// An organizer's change and its audit line commit together (medium tier, real database): when the audit line
// cannot be written, the change is not kept either; when it is, both are there.
import { AuthUser, Role } from '@evently/auth';
import { OutboxService } from '@evently/messaging';
import { randomUUID } from 'node:crypto';
import { CheckinService } from '../../src/checkin/checkin.service';
import { PromoCodeService } from '../../src/promo/promo-code.service';
import { StaffService } from '../../src/staff/staff.service';
import { customer, useBookingMedium } from './booking-medium';

describe('booking-service, medium tier: audit lines commit with their change', () => {
  const m = useBookingMedium();
  const organizer = (): AuthUser => ({ ...customer(), role: Role.Organizer });
  let outbox: OutboxService;

  beforeAll(() => {
    outbox = m.svc.get(OutboxService);
  });
  afterEach(() => jest.restoreAllMocks());

  /** The next audit line fails to be written, as a lost connection or a full disk would. */
  const auditFails = () =>
    jest.spyOn(outbox, 'audit').mockRejectedValueOnce(new Error('audit line could not be written'));

  const auditOf = async (eventId: string) =>
    (
      await m.svc.query<{ action: string }>(
        `SELECT envelope->'payload'->>'action' AS action FROM outbox
         WHERE routing_key = 'audit.recorded' AND envelope->'payload'->>'eventId' = $1 ORDER BY created_at`,
        [eventId],
      )
    ).map((r) => r.action);

  async function eventOf(owner: AuthUser) {
    return m.publish({ organizerId: owner.id });
  }

  it('staff: added and removed with their lines; neither kept when its line fails', async () => {
    const owner = organizer();
    const event = await eventOf(owner);
    const person = { userId: randomUUID(), email: `door-${randomUUID()}@example.test` };
    await m.svc.query(`INSERT INTO people (user_id, email, full_name) VALUES ($1, $2, 'Door Person')`, [
      person.userId,
      person.email,
    ]);
    const staff = m.svc.get(StaffService);

    auditFails();
    await expect(staff.add(owner, event.eventId, person.email, 'door')).rejects.toThrow(/audit line/);
    expect(await staff.list(owner, event.eventId)).toEqual([]);
    expect(await auditOf(event.eventId)).toEqual([]);

    await staff.add(owner, event.eventId, person.email, 'door');
    auditFails();
    await expect(staff.remove(owner, event.eventId, person.userId)).rejects.toThrow(/audit line/);
    expect((await staff.list(owner, event.eventId)).map((s) => s.userId)).toEqual([person.userId]);

    await staff.remove(owner, event.eventId, person.userId);
    expect(await staff.list(owner, event.eventId)).toEqual([]);
    expect(await auditOf(event.eventId)).toEqual(['staff.added', 'staff.removed']);
  });

  it('promo codes: created and withdrawn with their lines; neither kept when its line fails', async () => {
    const owner = organizer();
    const event = await eventOf(owner);
    const promos = m.svc.get(PromoCodeService);

    auditFails();
    await expect(promos.create(owner, event.eventId, { code: 'EARLY', percentOff: 10 })).rejects.toThrow(
      /audit line/,
    );
    expect(await promos.list(owner, event.eventId)).toEqual([]);

    const code = await promos.create(owner, event.eventId, { code: 'EARLY', percentOff: 10 });
    auditFails();
    await expect(promos.setDisabled(owner, event.eventId, code.id, true)).rejects.toThrow(/audit line/);
    expect((await promos.list(owner, event.eventId))[0].disabledAt).toBeNull();

    await promos.setDisabled(owner, event.eventId, code.id, true);
    expect((await promos.list(owner, event.eventId))[0].disabledAt).not.toBeNull();
    expect(await auditOf(event.eventId)).toEqual(['promo_code.created', 'promo_code.disabled']);
  });

  it('check-in undo: the ticket stays checked in when its line fails', async () => {
    const owner = organizer();
    const event = await eventOf(owner);
    const booking = await m.book(customer(), { eventId: event.eventId, quantity: 1 });
    const [ticket] = await m.svc.query<{ id: string }>(`SELECT id FROM tickets WHERE booking_id = $1`, [
      booking.id,
    ]);
    await m.svc.query(`UPDATE tickets SET checked_in_at = now(), checked_in_device = 'test' WHERE id = $1`, [
      ticket.id,
    ]);
    const checkedIn = async () =>
      (
        await m.svc.query<{ in: boolean }>(
          `SELECT checked_in_at IS NOT NULL AS in FROM tickets WHERE id = $1`,
          [ticket.id],
        )
      )[0].in;
    const checkins = m.svc.get(CheckinService);

    auditFails();
    await expect(checkins.undo(owner, event.eventId, ticket.id)).rejects.toThrow(/audit line/);
    expect(await checkedIn()).toBe(true);

    await checkins.undo(owner, event.eventId, ticket.id);
    expect(await checkedIn()).toBe(false);
    expect(await auditOf(event.eventId)).toEqual(['checkin.undone']);
  });
});
