// The web dashboard in a real browser (headless Chromium), through the test stack's gateway.
import { shoot, useDashboard, watchErrors } from '@evently/testing/browser';
import { api, book, makeCaller, onSaleEvent } from '@evently/testing/evently-api';
import { mailsTo } from '@evently/testing/mail-catcher';
import { eventually } from '@evently/testing/eventually';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';

describe('the web dashboard (Chromium)', () => {
  const dashboard = useDashboard();
  let page: Page;
  const email = `web-${randomUUID()}@example.test`;
  const password = 'correct horse battery';
  const organizer = makeCaller('organizer');
  const title = `Web test ${randomUUID().slice(0, 8)}`;
  let gaEvent: { id: string };
  let seatedEvent: { id: string };

  beforeAll(async () => {
    gaEvent = await onSaleEvent(organizer, {
      title: `${title} concert`,
      capacity: 20,
      venue: { name: 'Web Hall', city: 'Faro' },
    });
    seatedEvent = await onSaleEvent(organizer, {
      title: `${title} recital`,
      capacity: undefined,
      seating: { sections: [{ name: 'A', rows: 1, seatsPerRow: 6 }] },
      venue: { name: 'Web Hall', city: 'Faro' },
    });
    page = dashboard.page;
  }, 60_000);

  it('registers, and is signed in', async () => {
    await page.goto('/register');
    await page.fill('input[name=fullName]', 'Wendy Web');
    await page.fill('input[type=email]', email);
    await page.fill('input[type=password]', password);
    await page.click('button[type=submit]');
    await page.getByTestId('who').waitFor();
    expect(await page.getByTestId('who').textContent()).toBe('Wendy Web');
  });

  it('stays signed in across a reload, and signs out cleanly', async () => {
    await page.reload();
    await page.getByTestId('who').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate("localStorage.getItem('evently.tokens')")).toBeNull();
  });

  it('signs in with email and password', async () => {
    await page.goto('/login');
    await page.fill('input[type=email]', email);
    await page.fill('input[type=password]', 'wrong password!');
    await page.click('button[type=submit]');
    expect(await page.getByRole('alert').textContent()).toBe('Wrong email or password.');
    await page.fill('input[type=password]', password);
    await page.click('button[type=submit]');
    await page.getByTestId('who').waitFor();
  });

  it('lists upcoming events and finds one by search', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Upcoming events' }).waitFor();
    await page.getByLabel('Search').fill(title.split(' ').pop()!);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: `${title} concert` }).waitFor();
    expect(await page.locator('ul.events li').count()).toBe(2);
    await shoot(page, 'events');
  });

  it('books general admission', async () => {
    await page.getByRole('link', { name: `${title} concert` }).click();
    await page.getByTestId('availability').waitFor();
    expect(await page.getByTestId('availability').textContent()).toBe('20 of 20 available');
    await page.getByLabel('Tickets').fill('3');
    await page.getByRole('button', { name: 'Book' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Booked: 3 ticket(s)');
    await page.getByText('17 of 20 available').waitFor();
  });

  it('picks and books a seat on the map, and sees a seat someone else takes turn unavailable live', async () => {
    await page.goto(`/events/${seatedEvent.id}`);
    await page.getByTestId('who').waitFor();
    const seat = page.locator('[data-seat="A-1-2"]');
    await seat.waitFor();
    expect(await seat.getAttribute('aria-label')).toBe('Section A, row 1, seat 2, available');
    await seat.click();
    expect(await seat.getAttribute('data-status')).toBe('picked');
    await shoot(page, 'seat-picked');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    expect(await page.getByRole('status').textContent()).toBe('Booked: A-1-2');
    await page.locator('[data-seat="A-1-2"][data-status="booked"]').waitFor();
    // Someone else books A-1-5 through the API: the map shows it taken without a reload.
    expect((await book(makeCaller('customer'), { eventId: seatedEvent.id, seats: ['A-1-5'] })).status).toBe(
      201,
    );
    await page.locator('[data-seat="A-1-5"][data-status="booked"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-seat="A-1-5"]').getAttribute('aria-disabled')).toBe('true');
    await shoot(page, 'seat-map');
  });

  it('lists my bookings and cancels one', async () => {
    await page.goto('/bookings');
    await page.getByTestId('who').waitFor();
    const confirmed = page.locator('li[data-status="confirmed"]');
    await confirmed.first().waitFor();
    expect(await confirmed.count()).toBe(2);
    // Each booking says what it is: the event's title, its date and venue, and what was booked.
    const seatBooking = confirmed.filter({ hasText: 'Seats A-1-2' });
    expect(await seatBooking.textContent()).toContain(`${title} recital`);
    expect(await seatBooking.textContent()).toContain('Web Hall, Faro');
    await seatBooking.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('li[data-status="cancelled"]').waitFor();
    expect(await page.locator('li[data-status="confirmed"]').count()).toBe(1);
    expect(await page.locator('li[data-status="confirmed"]').textContent()).toContain('3 tickets');
    await shoot(page, 'bookings');
  });

  it('shows an API refusal as a readable message', async () => {
    await page.goto(`/events/${gaEvent.id}`);
    await page.getByTestId('who').waitFor();
    await page.getByLabel('Tickets').waitFor();
    await page.getByLabel('Tickets').fill('9');
    await page.getByRole('button', { name: 'Book' }).click();
    expect(await page.getByRole('alert').textContent()).toBe(
      'That is more tickets than one person may hold for this event.',
    );
  });

  it("shows the gateway's 429 with how long to wait", async () => {
    // The gateway's own answer, replayed: producing a real 429 here would also throttle the next tests.
    await page.route('**/api/v1/bookings', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '3' },
        body: JSON.stringify({
          statusCode: 429,
          code: 'RATE_LIMITED',
          message: 'Too many requests; retry later',
        }),
      }),
    );
    await page.getByLabel('Tickets').fill('1');
    await page.getByRole('button', { name: 'Book' }).click();
    await page.getByRole('alert').getByText('Too many requests just now. Try again in 3 seconds.').waitFor();
    await page.unroute('**/api/v1/bookings');
  });

  it('joins the waiting list of a sold-out event and accepts the offer before its countdown ends', async () => {
    const soldOut = await onSaleEvent(organizer, { title: `${title} sold out`, capacity: 1 });
    const holder = makeCaller('customer');
    const held = await book(holder, { eventId: soldOut.id, quantity: 1 });
    await page.goto(`/events/${soldOut.id}`);
    await page.getByTestId('who').waitFor();
    await page.getByText('0 of 1 available').waitFor();
    await page.getByRole('button', { name: 'Join the waiting list' }).click();
    expect(await page.getByRole('status').textContent()).toBe('On the waiting list, position 1');
    expect((await api('POST', `/bookings/${held.json().id}/cancel`, { caller: holder })).status).toBe(200);
    await page.goto('/waitlist');
    await page.locator('li[data-status="offered"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('countdown').textContent()).toMatch(/^(29|30):\d\d left$/);
    await shoot(page, 'waitlist-offer');
    await page.getByRole('button', { name: 'Accept' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Booked!');
    await page.locator('li[data-status="accepted"]').waitFor();
  });

  it('answers an invitation by its emailed token, without an account', async () => {
    const guest = `web-guest-${randomUUID()}@example.test`;
    const invited = await api('POST', '/invitations', {
      caller: organizer,
      body: { eventId: gaEvent.id, guests: [{ email: guest }], plusOnesAllowed: 1 },
    });
    expect(invited.status).toBe(201);
    const [mail] = await eventually(async () => {
      const found = await mailsTo(guest);
      return found.length > 0 ? found : undefined;
    }, 15_000);
    const link = /(\/rsvp\/[A-Za-z0-9_-]{32,})/.exec(mail.text)![1];
    const anonymous = await dashboard.browser.newContext({ baseURL: dashboard.baseURL });
    const guestPage = await anonymous.newPage();
    const guestErrors = watchErrors(guestPage);
    await guestPage.goto(link);
    await guestPage.getByRole('radio', { name: 'yes' }).check();
    await guestPage.getByLabel('Plus-ones').fill('1');
    await guestPage.getByRole('button', { name: 'Send answer' }).click();
    expect(await guestPage.getByRole('status').textContent()).toBe(
      'Thank you: your answer "yes" is recorded.',
    );
    await shoot(guestPage, 'rsvp');
    await anonymous.close();
    expect(guestErrors).toEqual([]);
  });

  it('shows a new notification live in the inbox', async () => {
    await page.goto('/notifications');
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    const raw = await page.evaluate<string>("localStorage.getItem('evently.tokens')");
    const stored = JSON.parse(raw) as { accessToken: string };
    const me = { id: '', role: 'customer' as const, token: stored.accessToken };
    const before = await page.locator('li[data-type="booking_confirmed"]').count();
    expect((await book(me, { eventId: gaEvent.id, quantity: 1 })).status).toBe(201);
    await page.locator('li[data-type="booking_confirmed"]').nth(before).waitFor({ timeout: 15_000 });
    await shoot(page, 'notifications');
  });

  it('answers an invitation addressed to the signed-in person', async () => {
    const party = await onSaleEvent(organizer, { title: `${title} party`, capacity: 10 });
    const invited = await api('POST', '/invitations', {
      caller: organizer,
      body: { eventId: party.id, guests: [{ email }] },
    });
    expect(invited.status).toBe(201);
    await page.goto('/invitations');
    const item = page.locator('li[data-status="pending"]');
    await item.waitFor();
    expect(await item.textContent()).toContain(`${title} party`);
    await item.getByRole('button', { name: 'maybe' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Answered maybe.');
    await page.locator('li[data-status="maybe"]').waitFor();
  });
});
