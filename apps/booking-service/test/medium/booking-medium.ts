// What booking-service's medium specs share: the service started on its medium database (once per spec file),
// published events, bookings as POST /bookings makes them, and what the database holds afterwards.
import { AuthUser, Role } from '@evently/auth';
import { EventSnapshot } from '@evently/contracts';
import { makeEventSnapshot } from '@evently/testing/facts';
import { MediumService, startMedium } from '@evently/testing/medium';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../../src/app.module';
import { BookingService } from '../../src/booking/booking.service';
import { InventoryService } from '../../src/inventory/inventory.service';
import { PlaceBooking } from '../../src/use-cases/place-booking';
import { commandsOf } from './commands';

export const customer = (): AuthUser => ({
  id: randomUUID(),
  email: 'buyer@example.test',
  role: Role.Customer,
  tokenVersion: 0,
  sessionId: null,
});

export const seatsOf = (labels: string[]) =>
  labels.map((label) => {
    const [section, row, number] = label.split('-');
    return { label, section, row: Number(row), number: Number(number) };
  });

export interface BookingMedium {
  svc: MediumService;
  bookings: BookingService;
  inventory: InventoryService;
  placer: PlaceBooking;
  /** A published event in the replica (general admission, 5 places, unless overridden). */
  publish(overrides?: Partial<EventSnapshot>): Promise<EventSnapshot>;
  book: ReturnType<typeof commandsOf>['book'];
  outboxOf(eventId: string): Promise<{ routing_key: string }[]>;
  soldOf(eventId: string): Promise<number>;
}

/** Starts booking-service for the spec file (beforeAll) and stops it after; fields are set once it is up. */
export function useBookingMedium(): BookingMedium {
  const m = {} as BookingMedium;
  beforeAll(async () => {
    const svc = await startMedium(AppModule, 'medium-booking-service');
    const inventory = svc.get(InventoryService);
    Object.assign(m, {
      svc,
      bookings: svc.get(BookingService),
      inventory,
      placer: svc.get(PlaceBooking),
      publish: async (overrides: Partial<EventSnapshot> = {}) => {
        const snapshot = makeEventSnapshot({ capacity: 5, ...overrides });
        await svc.dataSource.transaction((manager) => inventory.applySnapshot(manager, snapshot));
        return snapshot;
      },
      book: commandsOf(svc).book,
      outboxOf: (eventId: string) =>
        svc.query<{ routing_key: string }>(
          `SELECT routing_key FROM outbox WHERE envelope->'payload'->>'eventId' = $1 ORDER BY created_at`,
          [eventId],
        ),
      soldOf: async (eventId: string) =>
        (await svc.query<{ sold: number }>(`SELECT sold FROM inventory WHERE event_id = $1`, [eventId]))[0]
          .sold,
    });
  }, 60_000);
  afterAll(() => m.svc?.close());
  return m;
}
