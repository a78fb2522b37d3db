// Promo codes through the gateway: the organizer's editor (create, list with uses, withdraw), what an order
// gets from a code (discount, hidden types), why a code is refused, and maxUses under a rush.
import { api, book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { expectError } from '@evently/testing/gateway-client';

interface CodeBody {
  id: string;
  code: string;
  uses: number;
  disabledAt: string | null;
}

describe('promo codes', () => {
  const organizer = makeCaller('organizer');
  let event: { id: string; ticketTypes: { id: string; name: string }[] };
  const typeId = (name: string) => event.ticketTypes.find((t) => t.name === name)!.id;
  const create = (body: Record<string, unknown>, caller = organizer) =>
    api('POST', `/events/${event.id}/promo-codes`, { caller, body });
  const listed = async () =>
    (
      (await api('GET', `/events/${event.id}/promo-codes`, { caller: organizer })).json() as {
        items: CodeBody[];
      }
    ).items;

  beforeAll(async () => {
    event = await onSaleEvent(organizer, {
      capacity: 200,
      ticketTypes: [
        { name: 'Standard', price: { amount: 2500, currency: 'EUR' } },
        { name: 'VIP', price: { amount: 9000, currency: 'EUR' } },
        { name: 'Friends', price: { amount: 1000, currency: 'EUR' }, hidden: true },
      ],
    });
  });

  it('is created by the event’s organizer only, once per spelling, and listed with its uses', async () => {
    const res = await create({
      code: 'Early20',
      percentOff: 20,
      ticketTypeIds: [typeId('Standard')],
      maxUses: 5,
    });
    expect(res.status).toBe(201);
    expect(res.json()).toMatchObject({
      code: 'Early20',
      percentOff: 20,
      amountOff: null,
      maxUses: 5,
      uses: 0,
    });
    expectError(await create({ code: 'EARLY20', amountOff: 100 }), 409, 'PROMO_CODE_EXISTS');
    expectError(
      await create({ code: 'OTHER', percentOff: 10 }, makeCaller('organizer')),
      403,
      'NOT_EVENT_ORGANIZER',
    );
    expectError(await create({ code: 'BOTH', percentOff: 10, amountOff: 100 }), 400, 'VALIDATION_FAILED');
    expectError(await create({ code: 'x', percentOff: 10 }), 400, 'VALIDATION_FAILED');
    expectError(await create({ code: 'PCT', percentOff: 101 }), 400, 'VALIDATION_FAILED');
    expectError(
      await create({
        code: 'NOTYPE',
        percentOff: 10,
        ticketTypeIds: ['6f1c2b8e-1111-4a4a-9b9b-000000000000'],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await listed()).map((c) => c.code)).toContain('Early20');
  });

  it('takes its discount off the places it covers, in any letter case, and counts the use', async () => {
    await create({ code: 'VIPTEN', amountOff: 1000, ticketTypeIds: [typeId('VIP')] });
    const buyer = await registeredCaller('customer');
    const res = await book(buyer, {
      eventId: event.id,
      items: [
        { ticketTypeId: typeId('Standard'), quantity: 1 },
        { ticketTypeId: typeId('VIP'), quantity: 2 },
      ],
      promoCode: 'vipten',
    });
    expect(res.status).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'pending_payment',
      total: { amount: 2500 + 2 * 9000 - 2000, currency: 'EUR' },
      discount: { amount: 2000, currency: 'EUR' },
    });
    expect((await listed()).find((c) => c.code === 'VIPTEN')!.uses).toBe(1);
    // Cancelled while held, the order gives its use back.
    const id = (res.json() as { id: string }).id;
    expect((await api('POST', `/bookings/${id}/cancel`, { caller: buyer })).status).toBe(200);
    expect((await listed()).find((c) => c.code === 'VIPTEN')!.uses).toBe(0);
  });

  it('is refused with the reason: unknown, withdrawn, not yet valid, expired, not for these tickets', async () => {
    const buyer = await registeredCaller('customer');
    const withCode = (promoCode: string, name = 'Standard') =>
      book(buyer, { eventId: event.id, items: [{ ticketTypeId: typeId(name), quantity: 1 }], promoCode });
    const reasonOf = async (promoCode: string, name?: string) => {
      const res = await withCode(promoCode, name);
      expectError(res, 409, 'PROMO_CODE_INVALID');
      return (res.json() as { details: { reason: string } }).details.reason;
    };
    const gone = (await create({ code: 'GONE', percentOff: 10 })).json() as CodeBody;
    await create({
      code: 'LATER',
      percentOff: 10,
      validFrom: new Date(Date.now() + 86400_000).toISOString(),
    });
    await create({ code: 'PAST', percentOff: 10, validUntil: new Date(Date.now() - 1000).toISOString() });
    await create({ code: 'VIPONLY', percentOff: 10, ticketTypeIds: [typeId('VIP')] });
    const withdrawn = await api('PATCH', `/events/${event.id}/promo-codes/${gone.id}`, {
      caller: organizer,
      body: { disabled: true },
    });
    expect((withdrawn.json() as CodeBody).disabledAt).not.toBeNull();
    expect(await reasonOf('NOPE')).toBe('unknown');
    expect(await reasonOf('GONE')).toBe('disabled');
    expect(await reasonOf('LATER')).toBe('not_started');
    expect(await reasonOf('PAST')).toBe('expired');
    expect(await reasonOf('VIPONLY')).toBe('not_applicable');
    expectError(
      await book(buyer, { eventId: event.id, quantity: 1, promoCode: 'GONE' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('unlocks a hidden type, and makes an order free when it takes everything off', async () => {
    const buyer = await registeredCaller('customer');
    const friends = [{ ticketTypeId: typeId('Friends'), quantity: 2 }];
    expectError(await book(buyer, { eventId: event.id, items: friends }), 409, 'TICKET_TYPE_NOT_ON_SALE');
    await create({
      code: 'FRIENDS',
      percentOff: 100,
      ticketTypeIds: [typeId('Friends')],
      unlocksHidden: true,
    });
    const res = await book(buyer, { eventId: event.id, items: friends, promoCode: 'FRIENDS' });
    expect(res.status).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'confirmed',
      total: { amount: 0 },
      discount: { amount: 2000 },
    });
  });

  it('is used exactly maxUses times when 50 buyers race for it', async () => {
    await create({ code: 'TENONLY', percentOff: 50, maxUses: 10 });
    // Signed tokens, not registered accounts: 50 registrations at once (argon2) would race the gateway's timeout.
    const buyers = Array.from({ length: 50 }, () => makeCaller('customer'));
    const answers = await Promise.all(
      buyers.map((buyer) =>
        book(buyer, {
          eventId: event.id,
          items: [{ ticketTypeId: typeId('Standard'), quantity: 1 }],
          promoCode: 'TENONLY',
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
    const refused = answers
      .filter((a) => a.status !== 201)
      .map((a) => a.json() as { code: string; details: { reason: string } });
    expect(refused.map((r) => `${r.code}:${r.details.reason}`)).toEqual(
      Array.from({ length: 40 }, () => 'PROMO_CODE_INVALID:used_up'),
    );
    expect((await listed()).find((c) => c.code === 'TENONLY')!.uses).toBe(10);
  }, 60_000);
});
