// Every page of the dashboard, and Swagger UI, under the gateway's Content-Security-Policy (issue 27): the
// policy is on each page, and no page does anything it forbids (no inline script, no foreign origin).
import { Dashboard, openDashboard } from '@evently/testing/browser';
import { publishedEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import type { Page } from 'playwright-core';

/** Runs in every document before its own scripts (so no policy applies to it): records each violation. */
const RECORD_VIOLATIONS = `
  document.addEventListener('securitypolicyviolation', (event) => {
    (window.__cspViolations ??= []).push(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline'));
  });`;

const violationsOf = (page: Page): Promise<string[]> =>
  page.evaluate<string[]>('window.__cspViolations ?? []');

async function visit(
  page: Page,
  path: string,
  ready: () => Promise<unknown>,
  settled = true,
): Promise<string[]> {
  const response = await page.goto(path);
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await ready();
  // A page with a live stream never goes idle: its requests are over once it has loaded.
  await page.waitForLoadState(settled ? 'networkidle' : 'load');
  return violationsOf(page);
}

describe('the Content-Security-Policy (Chromium)', () => {
  let dashboard: Dashboard;
  let page: Page;
  let gaId = '';
  let seatedId = '';

  beforeAll(async () => {
    dashboard = await openDashboard();
    page = dashboard.page;
    await page.context().addInitScript({ content: RECORD_VIOLATIONS });
    const organizer = await registeredCaller('organizer', 'Policy Organizer');
    const policyEvening = { title: 'Policy evening', description: 'Two lines\nof description' };
    gaId = (await publishedEvent(organizer, { ...policyEvening, capacity: 20 })).id;
    seatedId = (
      await publishedEvent(organizer, {
        ...policyEvening,
        capacity: undefined,
        seating: { sections: [{ name: 'A', rows: 2, seatsPerRow: 4 }] },
      })
    ).id;
    await page.goto('/login');
    await page.fill('input[type=email]', organizer.email);
    await page.fill('input[type=password]', 'correct horse battery');
    await page.click('button[type=submit]');
    await page.getByTestId('who').waitFor();
  }, 60_000);
  afterAll(() => dashboard?.close());

  const pages: [string, () => string, string][] = [
    ['the event list', () => '/', 'main'],
    ['a general-admission event', () => `/events/${gaId}`, 'h1'],
    ['a seated event', () => `/events/${seatedId}`, 'h1'],
    ['my bookings', () => '/bookings', 'h1'],
    ['my waiting lists', () => '/waitlist', 'h1'],
    ['my invitations', () => '/invitations', 'h1'],
    ['my notifications (with its live stream)', () => '/notifications', 'h1'],
    ['an RSVP link', () => '/rsvp/not-a-real-token-but-long-enough-0123456789', 'main'],
    ['the organizer page', () => '/organizer', 'h1'],
    ['an event of the organizer, with its charts', () => `/organizer/events/${gaId}`, 'h1'],
    ['an unknown page', () => '/no/such/page', 'main'],
    ['the login page', () => '/login', 'main'],
    ['the registration page', () => '/register', 'main'],
  ];

  it.each(pages)('shows %s with no violation', async (name, path, selector) => {
    const violations = await visit(
      page,
      path(),
      () => page.locator(selector).first().waitFor(),
      !name.includes('live stream'),
    );
    expect(violations).toEqual([]);
    expect(dashboard.errors).toEqual([]);
  });

  it('shows Swagger UI, with the four documents, with no violation', async () => {
    const violations = await visit(page, '/docs/', () =>
      eventually(
        async () => ((await page.locator('.swagger-ui .info').count()) > 0 ? true : undefined),
        15_000,
      ),
    );
    expect(violations).toEqual([]);
  });

  it('would report a violation (the recorder works): an inline script is refused', async () => {
    await page.goto('/');
    await page.evaluate(`{
      const script = document.createElement('script');
      script.textContent = 'window.__ran = true';
      document.body.append(script);
    }`);
    const seen = await eventually(async () => {
      const violations = await violationsOf(page);
      return violations.length > 0 ? violations : undefined;
    }, 5_000);
    expect(seen[0]).toMatch(/^script-src/);
    expect(await page.evaluate('window.__ran')).toBeUndefined();
    dashboard.errors.length = 0;
  });
});
