// Checkout in the dashboard: a buyer orders ticket types on the event page and sees the total, the hold with
// its countdown and how to pay; My bookings shows what is due; the organizer marks the transfer paid in the
// event's bookings, and the buyer's booking is confirmed.
import AxeBuilder from '@axe-core/playwright';
import { shoot, signIn, signOut, useDashboard, watchErrors } from '@evently/testing/browser';
import { makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { StripeStandIn } from '@evently/testing/stripe-stand-in';
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
      /3 ticket\(s\) held for you until .* \(0:1\d left\)\..*Pay €65\.50 by bank transfer or card/,
    );
    await due.getByRole('button', { name: 'Pay by bank transfer' }).click();
    expect(await due.getByTestId('transfer-instructions').textContent()).toMatch(
      /^Transfer €65\.50 with the reference EV-[0-9A-F]{10} before .*bank transfer/,
    );

    await buyerPage.goto('/bookings');
    const row = buyerPage.locator('li[data-status="pending_payment"]');
    await row.waitFor();
    expect(await row.locator('.card-meta').nth(1).textContent()).toBe('1 Early bird, 2 Standard · €65.50');
    expect(await row.getByTestId('payment-due').textContent()).toMatch(/^Payment due: €65\.50 before /);
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
    await organizerPage.reload();
    await organizerPage.getByRole('tab', { name: 'Overview' }).click();
    const revenue = organizerPage.getByTestId('revenue');
    await revenue.waitFor();
    expect(await revenue.locator('p').textContent()).toBe('€0.00 net · €65.50 paid · €65.50 refunded');
    expect(await revenue.locator('tbody tr').allTextContents()).toEqual([
      'Early bird1€15.50€15.50€0.00',
      'Standard2€50.00€50.00€0.00',
    ]);
    // The organizer's events page sums their events (this organizer has this one).
    await organizerPage.goto('/organizer');
    const overview = organizerPage.getByTestId('revenue-overview');
    await overview.waitFor();
    expect(await overview.getByRole('heading').textContent()).toBe('Revenue across your events');
    expect(await overview.locator('li').allTextContents()).toEqual([
      '€0.00 net · €65.50 paid · €65.50 refunded',
    ]);

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

  it('takes a promo code made in the organizer’s editor, and sends a card payment to Stripe', async () => {
    const stripe = new StripeStandIn();
    await stripe.start();
    try {
      const organizer = await registeredCaller('organizer', 'Otto Offers');
      const event = await onSaleEvent(organizer, {
        title: `Promo night ${randomUUID().slice(0, 8)}`,
        capacity: 30,
        ticketTypes: [{ name: 'Standard', price: { amount: 4000, currency: 'EUR' } }],
      });
      await signOut(organizerPage);
      await signIn(organizerPage, organizer.email);
      await organizerPage.goto(`/organizer/events/${event.id}`);
      await organizerPage.getByRole('tab', { name: 'Promo codes' }).click();
      const editor = organizerPage.getByTestId('promo-codes');
      await editor.getByText('No promo codes yet').waitFor();
      await editor.getByRole('textbox', { name: 'Code' }).fill('FRIENDS25');
      await editor.getByLabel('Discount', { exact: true }).fill('25');
      await editor.getByLabel('Maximum uses (optional)').fill('3');
      await editor.getByRole('button', { name: 'Add promo code' }).click();
      const row = editor.locator('tr[data-code="FRIENDS25"]');
      await row.waitFor();
      expect(await row.textContent()).toMatch(/FRIENDS2525% off · every type0 of 3active/);
      const axe = await new AxeBuilder({ page: organizerPage })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(axe.violations.map((v) => v.id)).toEqual([]);

      await buyerPage.goto(`/events/${event.id}`);
      const checkout = buyerPage.getByTestId('checkout');
      await checkout.getByLabel('Standard (€40.00)').fill('2');
      await checkout.getByLabel('Promo code (optional)').fill('nope1');
      await checkout.getByRole('button', { name: 'Reserve and pay' }).click();
      await checkout.getByText('No such promo code for this event').waitFor();
      await checkout.getByLabel('Promo code (optional)').fill('friends25');
      await checkout.getByRole('button', { name: 'Reserve and pay' }).click();
      const due = buyerPage.getByTestId('payment-due');
      await due.waitFor();
      expect(await due.textContent()).toMatch(/Pay €60\.00 \(€20\.00 off\) by bank transfer or card/);
      await due.getByRole('button', { name: 'Pay by card' }).click();
      await buyerPage.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${stripe.port}/pay/cs_test_`));
      expect(stripe.calls.filter((c) => c.path === '/v1/checkout/sessions').at(-1)!.form).toMatchObject({
        'line_items[0][price_data][unit_amount]': '6000',
        'line_items[0][quantity]': '1',
      });

      await organizerPage.reload();
      await organizerPage.getByRole('tab', { name: 'Promo codes' }).click();
      await organizerPage.locator('tr[data-code="FRIENDS25"]').getByText('1 of 3').waitFor();
      await organizerPage
        .locator('tr[data-code="FRIENDS25"]')
        .getByRole('button', { name: 'Withdraw' })
        .click();
      await organizerPage.locator('tr[data-code="FRIENDS25"]').getByText('withdrawn').waitFor();
    } finally {
      await stripe.stop();
    }
  }, 60_000);
});
