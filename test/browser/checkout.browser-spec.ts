// Checkout in the dashboard: a buyer orders ticket types on the event page and sees the total, the hold with
// its countdown and how to pay; My bookings shows what is due; the organizer marks the transfer paid in the
// event's bookings, and the buyer's booking is confirmed.
import AxeBuilder from '@axe-core/playwright';
import { shoot, signIn, useDashboard, watchErrors } from '@evently/testing/browser';
import { makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';

describe('checkout (Chromium)', () => {
  const dashboard = useDashboard();
  let buyerPage: Page;
  let organizerContext: BrowserContext;
  let organizerPage: Page;
  let organizerErrors: string[];

  beforeAll(async () => {
    buyerPage = dashboard.page;
    organizerContext = await dashboard.browser.newContext({ baseURL: dashboard.baseURL });
    organizerPage = await organizerContext.newPage();
    organizerErrors = watchErrors(organizerPage);
  });
  afterAll(async () => {
    await organizerContext.close();
    expect(organizerErrors).toEqual([]);
  });

  it('orders two types, holds them while the transfer is due, and confirms when the organizer marks it paid', async () => {
    const organizer = await registeredCaller('organizer', 'Paula Paid');
    const event = await onSaleEvent(organizer, {
      title: `Paid gala ${randomUUID().slice(0, 8)}`,
      capacity: 50,
      ticketTypes: [
        { name: 'Early bird', price: { amount: 1550, currency: 'EUR' }, quota: 10 },
        { name: 'Standard', price: { amount: 2500, currency: 'EUR' } },
      ],
    });
    await signIn(organizerPage, organizer.email);
    const buyer = await registeredCaller('customer', 'Bea Buyer');
    await signIn(buyerPage, buyer.email);

    await buyerPage.goto(`/events/${event.id}`);
    const checkout = buyerPage.getByTestId('checkout');
    await checkout.getByLabel('Early bird (€15.50)').fill('1');
    await checkout.getByLabel('Standard (€25.00)').fill('2');
    expect(await buyerPage.getByTestId('order-total').textContent()).toBe('Total: €65.50');
    await checkout.getByRole('button', { name: 'Reserve and pay' }).click();
    const due = buyerPage.getByTestId('payment-due');
    await due.waitFor();
    await shoot(buyerPage, 'checkout');
    const axe = await new AxeBuilder({ page: buyerPage })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    expect(await due.textContent()).toMatch(
      /3 ticket\(s\) held for you until .* \(0:1\d left\)\..*Pay €65\.50 by bank transfer/,
    );

    await buyerPage.goto('/bookings');
    const row = buyerPage.locator('li[data-status="pending_payment"]');
    await row.waitFor();
    expect(await row.locator('.card-meta').nth(1).textContent()).toBe('1 Early bird, 2 Standard · €65.50');
    expect(await row.getByTestId('payment-due').textContent()).toMatch(
      /^Payment due: €65\.50 by bank transfer/,
    );
    const bookingId = await row.getAttribute('data-booking');

    await organizerPage.goto(`/organizer/events/${event.id}`);
    await organizerPage.getByRole('tab', { name: 'Bookings' }).click();
    const pending = organizerPage.locator(`li[data-booking="${bookingId}"]`);
    expect(await pending.textContent()).toMatch(/1 Early bird, 2 Standard · €65\.50 pending payment/);
    await pending.getByRole('button', { name: 'Mark paid' }).click();
    const confirmed = organizerPage.locator(`li[data-booking="${bookingId}"][data-status="confirmed"]`);
    await confirmed.waitFor();
    await confirmed.getByRole('button', { name: 'Refund' }).click();
    await organizerPage.getByText('Refunded €65.50 (offline)', { exact: true }).waitFor();

    await buyerPage.reload();
    await buyerPage.locator(`li[data-booking="${bookingId}"][data-status="confirmed"]`).waitFor();
  }, 60_000);

  it('books a free type at once, without payment', async () => {
    const event = await onSaleEvent(makeCaller('organizer'), {
      capacity: 20,
      ticketTypes: [
        { name: 'Guest list', price: { amount: 0, currency: 'EUR' }, quota: 5 },
        { name: 'Door', price: { amount: 1000, currency: 'EUR' } },
      ],
    });
    await buyerPage.goto(`/events/${event.id}`);
    const checkout = buyerPage.getByTestId('checkout');
    await checkout.getByLabel('Guest list (Free)').fill('2');
    expect(await buyerPage.getByTestId('order-total').textContent()).toBe('Total: Free');
    await checkout.getByRole('button', { name: 'Book' }).click();
    expect(await checkout.getByRole('status').textContent()).toBe('Booked: 2 ticket(s)');
  });
});
