// The audit log through the gateway: what organizers and admins did, recorded by the service that did it (in
// the same transaction, as an audit.recorded fact) and kept by the notifier, append-only; each organizer
// reads what concerns their events, admins read everything.
import {
  api,
  book,
  Caller,
  createEvent,
  makeCaller,
  onSaleEvent,
  registeredCaller,
} from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { expectError, gatewayRequest } from '@evently/testing/gateway-client';
import { queryServiceDb } from '@evently/testing/service-db';

interface Entry {
  seq: number;
  actorId: string;
  action: string;
  targetId: string;
  eventId: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  details: Record<string, unknown> | null;
  requestId: string | null;
  address: string | null;
}

describe('audit log', () => {
  it('keeps who changed what, from where, for the organizer and admins to read; nobody may rewrite it', async () => {
    const organizer = await registeredCaller('organizer');
    const draft = await createEvent(organizer, { title: 'Old title' });
    const from = '127.0.0.77';
    const changed = await gatewayRequest(`/api/v1/events/${draft.id}`, {
      method: 'PATCH',
      from,
      headers: {
        authorization: `Bearer ${organizer.token}`,
        'content-type': 'application/json',
        'if-match': `"${draft.version}"`,
      },
      body: JSON.stringify({ title: 'New title' }),
    });
    expect(changed.status).toBe(200);
    const read = async (caller: Caller = organizer, query = `eventId=${draft.id}`) =>
      ((await api('GET', `/audit?${query}`, { caller })).json() as { items: Entry[] }).items;
    const [updated] = await eventually(
      async () => {
        const items = await read();
        return items.length > 0 ? items : undefined;
      },
      10_000,
      'the audit entry',
    );
    expect(updated).toMatchObject({
      actorId: organizer.id,
      action: 'event.updated',
      targetId: draft.id,
      changes: { title: { from: 'Old title', to: 'New title' } },
      requestId: changed.headers['x-request-id'],
      address: from,
    });

    // Money, staff and webhooks are recorded too.
    const event = await onSaleEvent(organizer, {
      capacity: 10,
      ticketTypes: [{ name: 'Paid', price: { amount: 1500, currency: 'EUR' } }],
    });
    const buyer = makeCaller('customer');
    const order = (
      await book(buyer, {
        eventId: event.id,
        items: [{ ticketTypeId: event.ticketTypes[0].id, quantity: 1 }],
      })
    ).json() as { id: string };
    expect((await api('POST', `/bookings/${order.id}/mark-paid`, { caller: organizer })).status).toBe(200);
    expect(
      (await api('POST', `/bookings/${order.id}/refunds`, { caller: organizer, body: { amount: 500 } }))
        .status,
    ).toBe(201);
    const hook = await api('POST', '/webhooks', {
      caller: organizer,
      body: { url: 'http://127.0.0.1:9/x', events: ['*'], eventId: event.id },
    });
    expect(hook.status).toBe(201);
    const promo = await api('POST', `/events/${event.id}/promo-codes`, {
      caller: organizer,
      body: { code: 'AUDIT10', percentOff: 10 },
    });
    expect(promo.status).toBe(201);
    const actions = await eventually(
      async () => {
        const items = await read(organizer, `eventId=${event.id}`);
        return items.length >= 5 ? items.map((e) => e.action) : undefined;
      },
      10_000,
      'the money and webhook entries',
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'event.published',
        'booking.marked_paid',
        'booking.refunded',
        'webhook.created',
        'promo_code.created',
      ]),
    );
    const refund = (await read(organizer, `eventId=${event.id}`)).find(
      (e) => e.action === 'booking.refunded',
    )!;
    expect(refund.details).toMatchObject({ amount: 500, currency: 'EUR' });

    // Each organizer reads their own; admins read everyone's (by actor too); customers none.
    expect(await read(makeCaller('organizer'))).toEqual([]);
    const admin = makeCaller('admin');
    expect((await read(admin, `actorId=${organizer.id}&limit=500`)).length).toBeGreaterThanOrEqual(5);
    expectError(await api('GET', '/audit', { caller: makeCaller('customer') }), 403, 'FORBIDDEN');

    // Append-only: the notifier's own role can neither change nor remove an entry.
    for (const statement of [
      `UPDATE audit_log SET action = 'nothing' WHERE seq = ${updated.seq}`,
      `DELETE FROM audit_log WHERE seq = ${updated.seq}`,
      `TRUNCATE audit_log`,
    ]) {
      await expect(queryServiceDb('notifier-service', statement)).rejects.toThrow(
        /permission denied|append-only/,
      );
    }
    expect((await read())[0]).toMatchObject({ action: 'event.updated' });
  });
});
