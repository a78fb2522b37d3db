// Ticket types in the dashboard: the organizer prices an event's tickets in the event form (prices typed as
// decimals, stored as integer minor units), and buyers see the prices on the list and the event page.
import { signIn, useDashboard } from '@evently/testing/browser';
import { api, availabilityWhen, registeredCaller } from '@evently/testing/evently-api';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';

const RUN = `tt${randomUUID().slice(0, 8)}`;

describe('ticket types in the dashboard (Chromium)', () => {
  const dashboard = useDashboard();
  let page: Page;

  beforeAll(() => {
    page = dashboard.page;
  });

  it('prices an event in the form, refusing a price the currency cannot hold, and shows the prices', async () => {
    const organizer = await registeredCaller('organizer', 'Tess Tickets');
    await signIn(page, organizer.email);
    await page.goto('/organizer');
    await page.getByRole('button', { name: 'New event' }).click();
    await page.getByLabel('Title').fill(`Priced concert ${RUN}`);
    await page.getByLabel('Venue name').fill('Coliseu');
    await page.getByLabel('City', { exact: true }).fill('Porto');
    await page.getByLabel('Time zone').selectOption('Europe/Lisbon');
    await page.getByLabel('Starts').fill('2027-03-05T21:00');
    await page.getByLabel('Ends').fill('2027-03-05T23:30');
    await page.getByLabel('Capacity').fill('500');

    const tickets = page.getByTestId('ticket-types');
    await tickets.getByLabel('Ticket name').fill('Early bird');
    await tickets.getByLabel('Price (EUR)').fill('15.555');
    await tickets.getByLabel('Quota (optional)').fill('50');
    await tickets.getByRole('button', { name: 'Add a ticket type' }).click();
    const second = tickets.locator('[data-ticket-row="1"]');
    await second.getByLabel('Ticket name').fill('Standard');
    await second.getByLabel('Price (EUR)').fill('25');
    await page.getByRole('button', { name: 'Create draft' }).click();
    // 15.555 is not an amount of euros: the API's message stands next to the price.
    await page.locator('.field-error[data-field="ticketTypes.0.price"]').waitFor();

    await tickets.locator('[data-ticket-row="0"]').getByLabel('Price (EUR)').fill('15.50');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/organizer\/events\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const stored = (await api('GET', `/events/${id}`, { caller: organizer })).json() as {
      ticketTypes: { name: string; price: { amount: number; currency: string }; quota: number | null }[];
    };
    expect(stored.ticketTypes.map((t) => [t.name, t.price.amount, t.price.currency, t.quota])).toEqual([
      ['Early bird', 1550, 'EUR', 50],
      ['Standard', 2500, 'EUR', null],
    ]);

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByTestId('status').getByText('published').waitFor();
    await availabilityWhen(id);
    await page.goto(`/?q=${RUN}`);
    expect(await page.locator(`li[data-event="${id}"]`).getByTestId('price-from').textContent()).toBe(
      'From €15.50',
    );
    await page.goto(`/events/${id}`);
    const list = page.getByRole('list', { name: 'Ticket types and prices' });
    await list.locator('li').first().waitFor();
    expect(await list.locator('li').allTextContents()).toEqual(['Early bird€15.50', 'Standard€25.00']);
  });
});
