import { ContractRegistry, defineContract } from './contract';
import { eventPublished } from './event.contracts';
import { z } from 'zod';

const snapshotV1 = {
  eventId: '7d4f7a1e-2b0c-4a53-9f1e-0c6b1d2e3f40',
  version: 3,
  organizerId: '0b8e6f52-7c1d-4e2a-8d3f-5a6b7c8d9e01',
  title: 'Harbour concert',
  status: 'published',
  visibility: 'public',
  startsAt: '2027-03-01T19:30:00.000Z',
  endsAt: '2027-03-01T22:00:00.000Z',
  venue: { name: 'Quay', city: 'Porto', address: null },
  capacity: 100,
  seats: null,
};

describe('ContractRegistry versions', () => {
  const current = new ContractRegistry([eventPublished]);

  it('reads a version-1 event fact as the newest version, with the defaults of what it lacks', () => {
    const parsed = current.parse('event.published', 1, snapshotV1);
    expect(parsed).toEqual({
      ok: true,
      payload: {
        ...snapshotV1,
        waitlist: { enabled: true, offerMinutes: 30 },
        reminders: [1440, 60],
        timeZone: 'UTC',
        ticketTypes: [],
        refundWindowHours: null,
        questions: [],
        onSale: null,
      },
    });
  });

  it('lets a consumer that knows only version 1 read a version-2 fact, dropping what it does not know', () => {
    const onlyV1 = new ContractRegistry([
      defineContract('event.published', 1, z.object({ eventId: z.uuid(), title: z.string() })),
    ]);
    const v2 = { ...snapshotV1, waitlist: { enabled: false, offerMinutes: 5 } };
    expect(onlyV1.parse('event.published', 2, v2)).toEqual({
      ok: true,
      payload: { eventId: snapshotV1.eventId, title: snapshotV1.title },
    });
  });

  it('still refuses a version older than any it knows, and an invalid payload of a known one', () => {
    const fromV2 = new ContractRegistry([defineContract('thing.done', 2, z.object({ n: z.number() }))]);
    expect(fromV2.parse('thing.done', 1, { n: 1 })).toEqual({
      ok: false,
      reason: 'unsupported version 1 of thing.done',
    });
    expect(
      current.parse('event.published', 2, { ...snapshotV1, waitlist: { enabled: true, offerMinutes: 0 } }),
    ).toMatchObject({ ok: false });
  });
});
