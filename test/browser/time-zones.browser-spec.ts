// Times on the event's own clocks in the dashboard, whatever the browser's zone (Berlin here): an organizer
// types New York wall-clock time, buyers read Kolkata time on the list, the event page and their bookings,
// the account page hands out a private calendar feed, and the calendar entries emailed follow a move made
// in the organizer's form and a cancellation made in My bookings (read back from the mail catcher).
import { signIn, signOut, useDashboard, watchErrors } from '@evently/testing/browser';
import { api, book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { calendarMail, icsField, icsLines } from '@evently/testing/mail-catcher';
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';

const RUN = `tz${randomUUID().slice(0, 8)}`;

describe('time zones in the dashboard (Chromium in Europe/Berlin)', () => {
  const dashboard = useDashboard();
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let organizer: Awaited<ReturnType<typeof registeredCaller>>;
  let nyEventId = '';

  beforeAll(async () => {
    context = await dashboard.browser.newContext({ baseURL: dashboard.baseURL, timezoneId: 'Europe/Berlin' });
    page = await context.newPage();
    errors = watchErrors(page);
  });
  afterAll(async () => {
    await context.close();
    expect(errors).toEqual([]);
  });

  it('creates an event on New York clocks from the form, and shows it in EST', async () => {
    organizer = await registeredCaller('organizer', 'Nora York');
    await signIn(page, organizer.email);
    await page.goto('/organizer');
    await page.getByRole('button', { name: 'New event' }).click();
    await page.getByLabel('Title').fill(`New York jazz ${RUN}`);
    await page.getByLabel('Venue name').fill('Blue Room');
    await page.getByLabel('City', { exact: true }).fill('New York');
    await page.getByLabel('Time zone').selectOption('America/New_York');
    expect(await page.getByLabel('Starts').isVisible()).toBe(true);
    await page.getByLabel('Starts (America/New York time)').fill('2027-01-15T19:30');
    await page.getByLabel('Ends (America/New York time)').fill('2027-01-15T22:00');
    await page.getByLabel('Capacity').fill('10');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/organizer\/events\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    nyEventId = id;

    const stored = (await api('GET', `/events/${id}`, { caller: organizer })).json() as Record<
      string,
      unknown
    >;
    expect(stored).toMatchObject({
      timeZone: 'America/New_York',
      startsAt: '2027-01-16T00:30:00.000Z',
      endsAt: '2027-01-16T03:00:00.000Z',
    });
    await page.getByText('Fri 15 Jan, 19:30 EST').first().waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByTestId('status').getByText('published').waitFor();
    await page.goto(`/events/${id}`);
    expect(await page.locator('.event-date').textContent()).toBe('Fri 15 Jan, 19:30 EST');
    await signOut(page);
  });

  it('shows a Kolkata event in IST on the list, its page and My bookings, and feeds it to a calendar', async () => {
    const title = `Kolkata evening ${RUN}`;
    // 14:00 UTC is 19:30 in Kolkata (UTC+5:30); Berlin would say 15:00.
    const event = await onSaleEvent(makeCaller('organizer'), {
      title,
      timeZone: 'Asia/Kolkata',
      venue: { name: 'Jalsaghar', city: 'Kolkata' },
      startsAt: '2027-02-01T14:00:00Z',
      endsAt: '2027-02-01T17:00:00Z',
    });
    const buyer = await registeredCaller('customer', 'Kavya Buyer');
    const booked = await book(buyer, { eventId: event.id, quantity: 2 });
    expect(booked.status).toBe(201);
    const bookingId = (booked.json() as { id: string }).id;
    const shown = 'Mon 1 Feb, 19:30 IST';

    await page.goto(`/?q=${RUN}`);
    const card = page.locator(`li[data-event="${event.id}"]`);
    expect(await card.locator('.event-date').textContent()).toBe(shown);
    await page.goto(`/events/${event.id}`);
    expect(await page.locator('.event-date').textContent()).toBe(shown);
    await signIn(page, buyer.email);
    await page.goto('/bookings');
    await page.locator(`li[data-booking="${bookingId}"]`).getByText(shown, { exact: false }).waitFor();

    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    expect(await page.getByTestId('feed-state').textContent()).toBe('You have no calendar feed.');
    await page.getByRole('button', { name: 'Make a calendar address' }).click();
    const url = await page.getByTestId('feed-url').inputValue();
    const path = new URL(url).pathname.replace('/api/v1', '');
    const feed = await eventually(
      async () => {
        const res = await api('GET', path);
        return res.text().includes(`UID:${bookingId}@evently`) ? res.text() : undefined;
      },
      20_000,
      'the booking in the calendar feed',
    );
    expect(feed).toContain('DTSTART;TZID=Asia/Kolkata:20270201T193000');

    await page.getByRole('button', { name: 'Make a new address (the old one stops working)' }).click();
    const renewed = await eventually(
      async () => {
        const value = await page.getByTestId('feed-url').inputValue();
        return value !== url ? value : undefined;
      },
      5_000,
      'the new address',
    );
    expect((await api('GET', path)).status).toBe(404);
    expect((await api('GET', new URL(renewed).pathname.replace('/api/v1', ''))).status).toBe(200);
    await page.getByRole('button', { name: 'Turn the feed off' }).click();
    await page.getByText('You have no calendar feed.').waitFor();
  }, 60_000);

  it('re-sends the calendar entry when the organizer moves the event, and cancels it when the buyer cancels', async () => {
    const buyer = await registeredCaller('customer', 'Cal Endar');
    const booked = await book(buyer, { eventId: nyEventId, quantity: 1 });
    expect(booked.status).toBe(201);
    const uid = `${(booked.json() as { id: string }).id}@evently`;
    const confirmed = await calendarMail(buyer.email, 'Booking confirmed');
    expect([icsField(confirmed.ics, 'METHOD'), icsField(confirmed.ics, 'UID')]).toEqual(['REQUEST', uid]);

    // The organizer moves it an hour later, typing New York time again.
    await signOut(page);
    await signIn(page, organizer.email);
    await page.goto(`/organizer/events/${nyEventId}`);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    expect(await page.getByLabel('Starts (America/New York time)').inputValue()).toBe('2027-01-15T19:30');
    await page.getByLabel('Starts (America/New York time)').fill('2027-01-15T20:30');
    await page.getByLabel('Ends (America/New York time)').fill('2027-01-15T23:00');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('message').getByText('Saved.').waitFor();
    const moved = await calendarMail(buyer.email, `New York jazz ${RUN} has changed`);
    expect(moved.text).toContain('Fri 15 Jan, 20:30 EST');
    expect(icsField(moved.ics, 'METHOD')).toBe('REQUEST');
    expect(icsField(moved.ics, 'UID')).toBe(uid);
    expect(icsLines(moved.ics)).toContain('DTSTART;TZID=America/New_York:20270115T203000');
    expect(Number(icsField(moved.ics, 'SEQUENCE'))).toBeGreaterThan(
      Number(icsField(confirmed.ics, 'SEQUENCE')),
    );

    // The buyer cancels in My bookings: the entry leaves the calendar.
    await signOut(page);
    await signIn(page, buyer.email);
    // booking-service hears of the move by its own copy of the fact: wait for it before the page reads it.
    await eventually(
      async () => {
        const mine = (await api('GET', '/bookings', { caller: buyer })).json() as {
          items: { event?: { startsAt: string } }[];
        };
        return mine.items[0]?.event?.startsAt === '2027-01-16T01:30:00.000Z' ? true : undefined;
      },
      10_000,
      'the moved event in the list of bookings',
    );
    await page.goto('/bookings');
    const row = page.locator(`li[data-booking="${uid.split('@')[0]}"]`);
    await row.getByText('Fri 15 Jan, 20:30 EST', { exact: false }).waitFor();
    await row.getByRole('button', { name: 'Cancel' }).click();
    await page.locator(`li[data-booking="${uid.split('@')[0]}"][data-status="cancelled"]`).waitFor();
    const cancelled = await calendarMail(buyer.email, 'Booking cancelled');
    expect(icsField(cancelled.ics, 'METHOD')).toBe('CANCEL');
    expect(icsField(cancelled.ics, 'UID')).toBe(uid);
    expect(Number(icsField(cancelled.ics, 'SEQUENCE'))).toBeGreaterThan(
      Number(icsField(moved.ics, 'SEQUENCE')),
    );
  }, 60_000);
});
