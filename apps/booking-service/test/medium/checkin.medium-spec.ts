// The door against booking-service's real database (medium tier), with a pool of two connections: a scan
// must do all its reading and writing on the connection of its own transaction. Scans that reached for a
// second connection inside it would each hold one and wait for another: as many scans at once as there are
// connections wait for each other until the pool's 5-s timeout (503s at a rush at the door, seen with 50
// scans in flight on a pool of 10).
import { Role } from '@evently/auth';
import { makeEventSnapshot } from '@evently/testing/facts';
import { MediumService, startMedium } from '@evently/testing/medium';
import { AppModule } from '../../src/app.module';
import { CheckinService } from '../../src/checkin/checkin.service';
import { InventoryService } from '../../src/inventory/inventory.service';
import { TicketService } from '../../src/ticket/ticket.service';
import { customer } from './booking-medium';
import { commandsOf } from './commands';

describe('booking-service door, medium tier, two database connections', () => {
  let svc: MediumService;

  beforeAll(async () => {
    svc = await startMedium(AppModule, 'medium-booking-service', { DATABASE_POOL_SIZE: '2' });
  }, 60_000);
  afterAll(() => svc?.close());

  it('checks tickets in, and refuses a second scan, each on the one connection of its transaction', async () => {
    const snapshot = makeEventSnapshot({ capacity: 5 });
    await svc.dataSource.transaction((manager) => svc.get(InventoryService).applySnapshot(manager, snapshot));
    const booking = await commandsOf(svc).book(customer(), { eventId: snapshot.eventId, quantity: 2 });
    const tickets = await svc.get(TicketService).ofBooking(booking.id);
    expect(tickets).toHaveLength(2);
    const organizer = {
      id: snapshot.organizerId,
      email: 'organizer@example.test',
      role: Role.Organizer,
      tokenVersion: 0,
      sessionId: null,
    };
    const door = svc.get(CheckinService);
    const outcomes = await Promise.all(
      [0, 0, 1, 1].map((i) => door.scan(organizer, snapshot.eventId, tickets[i].code)),
    );
    expect(outcomes.map((o) => o.result).sort()).toEqual([
      'already_checked_in',
      'already_checked_in',
      'ok',
      'ok',
    ]);
  }, 30_000);
});
