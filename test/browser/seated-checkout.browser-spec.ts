// Seated checkout in the dashboard: seats picked on the map are priced as their section's ticket type, the
// total follows, a promo code comes off at ordering, and the seats are held for the buyer while payment is due.
import AxeBuilder from '@axe-core/playwright';
import { shoot, signIn, useDashboard } from '@evently/testing/browser';
import { api, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { randomUUID } from 'node:crypto';

describe('seated checkout (Chromium)', () => {
  const dashboard = useDashboard();

  it('prices picked seats per section, takes the code off, and holds the seats while payment is due', async () => {
    const page = dashboard.page;
    const organizer = makeCaller('organizer');
    const event = await onSaleEvent(organizer, {
      title: `Opera night ${randomUUID().slice(0, 8)}`,
      capacity: undefined,
      ticketTypes: [
        { name: 'Stalls', price: { amount: 3000, currency: 'EUR' } },
        { name: 'Box', price: { amount: 8000, currency: 'EUR' } },
      ],
      seating: {
        sections: [
          { name: 'A', rows: 1, seatsPerRow: 3, ticketType: 'Box' },
          { name: 'B', rows: 1, seatsPerRow: 4, ticketType: 'Stalls' },
        ],
      },
    });
    const code = await api('POST', `/events/${event.id}/promo-codes`, {
      caller: organizer,
      body: { code: 'OPERA10', amountOff: 1000 },
    });
    expect(code.status).toBe(201);
    const buyer = await registeredCaller('customer', 'Sid Seated');
    await signIn(page, buyer.email);

    await page.goto(`/events/${event.id}`);
    const checkout = page.getByTestId('seated-checkout');
    await checkout.getByText('Pick seats on the map').waitFor();
    await page.locator('[data-seat="A-1-2"]').click();
    await page.locator('[data-seat="B-1-1"]').click();
    expect(
      await checkout.getByRole('list', { name: 'Seats picked' }).locator('li').allTextContents(),
    ).toEqual(['A-1-2 · Box€80.00', 'B-1-1 · Stalls€30.00']);
    expect(await page.getByTestId('order-total').textContent()).toBe('Total: €110.00');
    await checkout.getByLabel('Promo code (optional)').fill('opera10');
    await checkout.getByRole('button', { name: 'Reserve and pay' }).click();

    const due = page.getByTestId('payment-due');
    await due.waitFor();
    expect(await due.textContent()).toMatch(
      /Seats A-1-2, B-1-1 held for you until .*Pay €90\.00 \(€20\.00 off\) by bank transfer or card/,
    );
    // The seats are taken on the map at once (the map follows live).
    await page.locator('[data-seat="A-1-2"][data-status="booked"]').waitFor();
    await page.locator('[data-seat="B-1-1"][data-status="booked"]').waitFor();
    await shoot(page, 'seated-checkout');
    const axe = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    await due.getByRole('button', { name: 'Pay by bank transfer' }).click();
    expect(await due.getByTestId('transfer-instructions').textContent()).toMatch(/EV-[0-9A-F]{10}/);
  });
});
