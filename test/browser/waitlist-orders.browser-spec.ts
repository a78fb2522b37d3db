// The waiting list of an event sold by ticket type, in the dashboard: a fan joins for the type they want on
// the sold-out event's page; when the place frees up they accept the offer on My waiting lists, and see the
// order held for them with what is due and how to pay.
import AxeBuilder from '@axe-core/playwright';
import { shoot, signIn, useDashboard } from '@evently/testing/browser';
import { api, book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { randomUUID } from 'node:crypto';

describe('waiting list of an event sold by type (Chromium)', () => {
  const dashboard = useDashboard();

  it('joins for a type, accepts the offer, and sees the order due', async () => {
    const page = dashboard.page;
    const organizer = makeCaller('organizer');
    const event = await onSaleEvent(organizer, {
      title: `Small club ${randomUUID().slice(0, 8)}`,
      capacity: 1,
      ticketTypes: [
        { name: 'Standard', price: { amount: 2000, currency: 'EUR' } },
        { name: 'Backstage', price: { amount: 6000, currency: 'EUR' } },
      ],
    });
    const holder = await registeredCaller('customer');
    const held = await book(holder, {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0].id, quantity: 1 }],
    });
    expect(held.status).toBe(201);

    const fan = await registeredCaller('customer', 'Fay Fan');
    await signIn(page, fan.email);
    await page.goto(`/events/${event.id}`);
    const join = page.getByTestId('join-waitlist');
    await join.waitFor();
    await join.getByLabel('Ticket type').selectOption({ label: 'Backstage (€60.00)' });
    await join.getByRole('button', { name: 'Join the waiting list' }).click();
    expect(await join.getByRole('status').textContent()).toBe('On the waiting list, position 1');
    const axe = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    // The holder lets the place go: it is offered to the fan.
    const id = (held.json() as { id: string }).id;
    expect((await api('POST', `/bookings/${id}/cancel`, { caller: holder })).status).toBe(200);
    await page.goto('/waitlist');
    await page.locator('li[data-status="offered"]').getByRole('button', { name: 'Accept' }).click();
    const due = page.getByTestId('payment-due');
    await due.waitFor();
    expect(await due.textContent()).toMatch(
      /1 ticket\(s\) held for you until .*Pay €60\.00 by bank transfer/,
    );
    await shoot(page, 'waitlist-order');
    await due.getByRole('button', { name: 'Pay by bank transfer' }).click();
    expect(await due.getByTestId('transfer-instructions').textContent()).toMatch(/EV-[0-9A-F]{10}/);
  });
});
