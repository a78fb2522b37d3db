// The organizer's side of the dashboard in headless Chromium: create (with the API's validation messages),
// publish, edit, invite guests, watch the RSVP summary and the sales charts follow, cancel.
import { shoot, useDashboard } from '@evently/testing/browser';
import { api, availabilityWhen, book, freshReader, makeCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { mailsTo } from '@evently/testing/mail-catcher';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';

/** `datetime-local` value `days` from now at 19:30 local time. */
function localDay(days: number, hour = 19): string {
  const at = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(hour)}:30`;
}

describe('the organizer pages (Chromium)', () => {
  const dashboard = useDashboard();
  let page: Page;
  const email = `web-org-${randomUUID()}@example.test`;
  const title = `Organizer test ${randomUUID().slice(0, 8)}`;
  const guests = [`guest-a-${randomUUID()}@example.test`, `guest-b-${randomUUID()}@example.test`];
  let eventId = '';

  beforeAll(() => {
    page = dashboard.page;
  });

  it('registers as an organizer and finds the organizer pages', async () => {
    await page.goto('/register');
    await page.fill('input[name=fullName]', 'Olga Organizer');
    await page.fill('input[type=email]', email);
    await page.fill('input[type=password]', 'correct horse battery');
    await page.getByLabel('I organize events').check();
    await page.click('button[type=submit]');
    await page.getByTestId('who').waitFor();
    await page.getByRole('link', { name: 'Organizer' }).click();
    await page.getByRole('heading', { name: 'My events' }).waitFor();
    await page.getByText('No events yet. Create your first one.').waitFor();
  });

  it("shows the API's validation messages next to the fields they name", async () => {
    await page.getByRole('button', { name: 'New event' }).click();
    await page.getByLabel('Title').fill('ab');
    await page.getByLabel('Venue name').fill('Harbour Hall');
    await page.getByLabel('City', { exact: true }).fill('Faro');
    await page.getByLabel('Starts').fill(localDay(10));
    await page.getByLabel('Ends').fill(localDay(10, 22));
    await page.getByLabel('Capacity').fill('0');
    await page.getByRole('button', { name: 'Create draft' }).click();
    const titleError = page.locator('.field-error[data-field="title"]');
    await titleError.waitFor();
    expect(await titleError.textContent()).toMatch(/title must be longer than or equal to 3 characters/);
    expect(await page.locator('.field-error[data-field="capacity"]').textContent()).toMatch(
      /capacity must not be less than 1/,
    );
    expect(await page.getByRole('alert').textContent()).toBe('Check the 2 fields marked above.');
    await shoot(page, 'organizer-validation');
  });

  it('creates a draft, lists it with the drafts, and publishes it', async () => {
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Capacity').fill('10');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/organizer\/events\/[0-9a-f-]{36}$/);
    eventId = page.url().split('/').pop()!;
    expect(await page.getByTestId('status').textContent()).toBe('draft');

    await page.getByRole('link', { name: '← My events' }).click();
    const row = page.locator(`li[data-event="${eventId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('draft');
    await row.getByRole('link', { name: title }).click();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByTestId('message').getByText('Published: the event is on sale.').waitFor();
    expect(await page.getByTestId('status').textContent()).toBe('published');
  });

  it('edits the event with If-Match, field messages included', async () => {
    await availabilityWhen(eventId, (a) => a.bookable);
    expect((await book(makeCaller('customer'), { eventId, quantity: 4 })).status).toBe(201);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Ends').fill(localDay(9));
    await page.getByRole('button', { name: 'Save changes' }).click();
    const endsError = page.locator('.field-error[data-field="endsAt"]');
    await endsError.waitFor();
    expect(await endsError.textContent()).toBe('endsAt must be after startsAt');

    await page.getByLabel('Ends').fill(localDay(10, 22));
    await page.getByLabel('Title').fill(`${title} (late show)`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('message').getByText('Saved.').waitFor();
    await page.getByRole('heading', { name: `${title} (late show)` }).waitFor();
    const saved = await api('GET', `/events/${eventId}`, { caller: freshReader() });
    expect(saved.json()).toMatchObject({ title: `${title} (late show)`, version: 3 });
  });

  it('invites guests and sees their answers in the RSVP summary', async () => {
    await page.getByRole('tab', { name: 'Guests' }).click();
    await page
      .getByLabel('Guests (one per line: email, or Name <email>)')
      .fill(`Ann Guest <${guests[0]}>\n${guests[1]}`);
    await page.getByLabel('Plus-ones allowed').fill('1');
    await page.getByRole('button', { name: 'Send invitations' }).click();
    await page.getByTestId('invite-result').getByText('Invited 2 guest(s).').waitFor();
    await page.locator(`li[data-invitation="${guests[0]}"][data-status="pending"]`).waitFor();

    // Ann answers yes (+1) by her emailed link; the page follows without a reload.
    const [mail] = await eventually(async () => {
      const found = await mailsTo(guests[0]);
      return found.length > 0 ? found : undefined;
    }, 15_000);
    const token = /\/rsvp\/([A-Za-z0-9_-]{32,})/.exec(mail.text)![1];
    const answer = await api('POST', '/invitations/rsvp', { body: { token, response: 'yes', plusOnes: 1 } });
    expect(answer.status).toBe(200);
    await page.locator(`li[data-invitation="${guests[0]}"][data-status="yes"]`).waitFor({ timeout: 10_000 });
    expect(await page.locator('svg[data-chart="rsvp"]').getAttribute('aria-label')).toBe(
      'RSVP: 1 yes, 0 maybe, 0 no, 1 pending',
    );
    expect(await page.getByTestId('rsvp-summary').textContent()).toMatch(/^2 invited · 2 attending/);
  });

  it('draws sales by day and utilization as charts that follow new bookings', async () => {
    await page.getByRole('tab', { name: 'Overview' }).click();
    const utilization = page.locator('svg[data-chart="utilization"]');
    await utilization.waitFor();
    // 4 places booked, and Ann's yes with her plus-one holds two more.
    expect(await utilization.getAttribute('aria-label')).toBe('Utilization: 6 booked, 0 held, 4 available');
    expect((await book(makeCaller('customer'), { eventId, quantity: 2 })).status).toBe(201);
    await page
      .locator('svg[data-chart="utilization"][aria-label="Utilization: 8 booked, 0 held, 2 available"]')
      .waitFor({ timeout: 10_000 });
    const today = new Date().toISOString().slice(0, 10);
    const day = page.locator(`svg[data-chart="sales-by-day"] g[data-day="${today}"] rect.sold`);
    expect(Number(await day.getAttribute('height'))).toBeGreaterThan(0);
    expect(await page.locator('svg[data-chart="sales-by-day"]').getAttribute('aria-label')).toContain(
      `${today} 8 sold, 0 cancelled`,
    );
    expect(await page.getByTestId('utilization').textContent()).toMatch(/^80% sold · 2 bookings/);
    await shoot(page, 'organizer-event');
    await page.getByRole('tab', { name: 'Bookings' }).click();
    await page.locator('ul.bookings li[data-status="confirmed"]').first().waitFor();
    expect(await page.locator('ul.bookings li[data-status="confirmed"]').count()).toBe(2);
  });

  it('cancels the event, with a reason', async () => {
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Reason (sent to everyone booked)').fill('The hall flooded');
    await page.getByRole('button', { name: 'Cancel the event' }).click();
    await page
      .getByTestId('message')
      .getByText('Cancelled: every booking and waiting-list place is cancelled, and everyone is told.')
      .waitFor();
    expect(await page.getByTestId('status').textContent()).toBe('cancelled');
    await page.goto('/organizer');
    await page.locator(`li[data-event="${eventId}"][data-status="cancelled"]`).waitFor();
    await shoot(page, 'organizer');
  });
});
