// event-service's use-cases against its real database (medium tier): what one transaction writes (the event,
// its fact in the outbox, its completion job), what a refusal leaves, the booked-places replica, and two
// organizers racing on one version. No HTTP, no gateway, no other service.
import { AuthUser, Role } from '@evently/auth';
import { CancelReason } from '@evently/contracts';
import { randomUUID } from 'node:crypto';
import { codeOf, startMedium, MediumService } from '@evently/testing/medium';
import { AppModule } from '../../src/app.module';
import { BookedPlacesService } from '../../src/booked-places/booked-places.service';
import { NewEvent } from '../../src/event/event.rules';
import { EventService } from '../../src/event/event.service';
import { CancelEvent } from '../../src/use-cases/cancel-event';
import { PublishEvent } from '../../src/use-cases/publish-event';
import { UpdateEvent } from '../../src/use-cases/update-event';

const organizer = (): AuthUser => ({
  id: randomUUID(),
  email: 'host@example.test',
  role: Role.Organizer,
  tokenVersion: 0,
  sessionId: null,
});

const inDays = (days: number, hours = 0) => new Date(Date.now() + days * 86_400_000 + hours * 3_600_000);

const newEvent = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  title: 'Medium gig',
  venue: { name: 'Hall', city: 'Oslo' },
  startsAt: inDays(10).toISOString(),
  endsAt: inDays(10, 3).toISOString(),
  timeZone: 'Europe/Oslo',
  capacity: 10,
  ...overrides,
});

describe('event-service, medium tier', () => {
  let svc: MediumService;
  let events: EventService;
  let publish: PublishEvent;
  let update: UpdateEvent;
  let cancel: CancelEvent;
  let booked: BookedPlacesService;

  beforeAll(async () => {
    svc = await startMedium(AppModule, 'medium-event-service');
    events = svc.get(EventService);
    publish = svc.get(PublishEvent);
    update = svc.get(UpdateEvent);
    cancel = svc.get(CancelEvent);
    booked = svc.get(BookedPlacesService);
  }, 60_000);
  afterAll(() => svc.close());

  // Domain facts only; the audit log's lines (audit.recorded) are read by auditOf.
  const factsOf = (eventId: string) =>
    svc.query<{ routing_key: string; changed: string[] | null }>(
      `SELECT routing_key, envelope->'payload'->'changed' AS changed FROM outbox
       WHERE coalesce(envelope->'payload'->>'eventId', '') = $1 AND routing_key <> 'audit.recorded'
       ORDER BY created_at`,
      [eventId],
    );
  const auditOf = (eventId: string) =>
    svc.query<{ action: string; changes: Record<string, { from: unknown; to: unknown }> }>(
      `SELECT envelope->'payload'->>'action' AS action, envelope->'payload'->'changes' AS changes FROM outbox
       WHERE routing_key = 'audit.recorded' AND envelope->'payload'->>'eventId' = $1 ORDER BY created_at`,
      [eventId],
    );

  const completionJobs = (eventId: string) =>
    svc.query<{ state: string }>(
      `SELECT state FROM pgboss.job WHERE name = 'event.completion' AND data->>'eventId' = $1 ORDER BY created_on`,
      [eventId],
    );

  const bookingFact = (eventId: string, quantity: number) => ({
    bookingId: randomUUID(),
    eventId,
    userId: randomUUID(),
    quantity,
    seats: [],
  });

  it('publishes a draft with its event.published fact and its completion job in one transaction', async () => {
    const host = organizer();
    const draft = await events.createEvent(host, newEvent());
    expect(await factsOf(draft.id)).toEqual([]);

    const published = await publish.execute(host, draft.id);

    expect(published.version).toBe(2);
    expect((await factsOf(draft.id)).map((f) => f.routing_key)).toEqual(['event.published']);
    expect(await completionJobs(draft.id)).toEqual([{ state: 'created' }]);
  });

  it('changes a draft without telling anyone', async () => {
    const host = organizer();
    const draft = await events.createEvent(host, newEvent());
    const changed = await update.execute(host, draft.id, { title: 'Renamed' });
    expect(changed.title).toBe('Renamed');
    expect(await factsOf(draft.id)).toEqual([]);
    // Only the audit log hears of it, in the same transaction, with the field's values before and after.
    expect(await auditOf(draft.id)).toEqual([
      { action: 'event.updated', changes: { title: { from: draft.title, to: 'Renamed' } } },
    ]);
  });

  it('publishes the changed fields of a published event, and re-plans completion when the end moves', async () => {
    const host = organizer();
    const { id } = await events.createEvent(host, newEvent());
    await publish.execute(host, id);

    await update.execute(host, id, { title: 'Renamed', endsAt: inDays(10, 5).toISOString() });

    const facts = await factsOf(id);
    expect(facts.map((f) => f.routing_key)).toEqual(['event.published', 'event.updated']);
    expect(facts[1].changed).toEqual(['title', 'endsAt']);
    expect((await completionJobs(id)).map((j) => j.state)).toEqual(['cancelled', 'created']);
  });

  it('writes nothing for a change that changes nothing', async () => {
    const host = organizer();
    const { id } = await events.createEvent(host, newEvent());
    await publish.execute(host, id);
    const same = await update.execute(host, id, { title: 'Medium gig', capacity: 10 });
    expect(same.version).toBe(2);
    expect((await factsOf(id)).map((f) => f.routing_key)).toEqual(['event.published']);
  });

  it('refuses a capacity below the places booked, as booking facts told, and leaves the event as it was', async () => {
    const host = organizer();
    const { id } = await events.createEvent(host, newEvent());
    await publish.execute(host, id);
    await svc.dataSource.transaction((m) => booked.recordConfirmed(m, bookingFact(id, 6)));

    expect(await codeOf(update.execute(host, id, { capacity: 5 }))).toBe('CAPACITY_BELOW_BOOKED');

    expect((await events.getEvent(host, id)).capacity).toBe(10);
    expect((await factsOf(id)).map((f) => f.routing_key)).toEqual(['event.published']);
    expect((await update.execute(host, id, { capacity: 6 })).capacity).toBe(6);
  });

  it('keeps a booking cancelled when its cancellation arrives before its confirmation', async () => {
    const host = organizer();
    const { id } = await events.createEvent(host, newEvent());
    const fact = bookingFact(id, 4);
    await svc.dataSource.transaction(async (m) => {
      await booked.recordCancelled(m, { ...fact, reason: CancelReason.UserCancelled });
      await booked.recordConfirmed(m, fact);
      await booked.recordConfirmed(m, fact);
    });
    expect(await svc.dataSource.transaction((m) => booked.booked(m, id))).toBe(0);
  });

  it('cancels a published event: its fact goes out and its completion job is dropped', async () => {
    const host = organizer();
    const { id } = await events.createEvent(host, newEvent());
    await publish.execute(host, id);

    const cancelled = await cancel.execute(host, id, 'Storm');

    expect(cancelled.cancelReason).toBe('Storm');
    expect((await factsOf(id)).map((f) => f.routing_key)).toEqual(['event.published', 'event.cancelled']);
    expect((await completionJobs(id)).map((j) => j.state)).toEqual(['cancelled']);
  });

  it('refuses what the lifecycle does not allow, writing nothing', async () => {
    const host = organizer();
    const { id } = await events.createEvent(host, newEvent());
    expect(await codeOf(cancel.execute(host, id, undefined))).toBe('INVALID_EVENT_STATE');
    await publish.execute(host, id);
    expect(await codeOf(publish.execute(host, id))).toBe('INVALID_EVENT_STATE');
    expect(await codeOf(events.deleteEvent(host, id))).toBe('INVALID_EVENT_STATE');
    expect((await factsOf(id)).map((f) => f.routing_key)).toEqual(['event.published']);
  });

  it('lets one of two changes made from the same version through; the other gets VERSION_CONFLICT', async () => {
    const host = organizer();
    const { id, version } = await events.createEvent(host, newEvent());
    const results = await Promise.all(
      ['First', 'Second'].map((title) => codeOf(update.execute(host, id, { title }, `"${version}"`))),
    );
    expect(results.sort()).toEqual(['OK', 'VERSION_CONFLICT']);
    expect((await events.getEvent(host, id)).version).toBe(version + 1);
  });

  it("lists only the caller's own events with mine, drafts included", async () => {
    const host = organizer();
    const other = organizer();
    const mine = await events.createEvent(host, newEvent());
    await events.createEvent(other, newEvent());
    const page = await events.listEvents(host, { limit: 10, mine: true });
    expect(page.items.map((e) => e.id)).toEqual([mine.id]);
  });
});
