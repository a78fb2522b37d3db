// Every page of the dashboard, as people with different needs use it: axe-core finds no violation (WCAG 2.1
// A and AA), nothing scrolls sideways at 390 px, the keyboard alone books a seat, a skip link comes first and
// focus lands on each new page's heading.
import AxeBuilder from '@axe-core/playwright';
import { signIn, useDashboard } from '@evently/testing/browser';
import { makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';

/** In this run's titles, so a search finds this run's events among every other spec's. */
const RUN = `run${randomUUID().slice(0, 8)}`;

/** axe's findings on the page as it is now, one line each (rule, impact, first element). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes[0]?.target.join(' ')}`);
}

/** axe's findings on each of `paths`, by path (those with none left out). */
async function violationsOn(page: Page, paths: string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const path of paths) {
    await page.goto(path);
    await settled(page);
    const problems = await violations(page);
    if (problems.length > 0) found[path] = problems;
  }
  return found;
}

/** Waits for the page's heading, then for loading placeholders to go. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  // (waitForFunction would evaluate a string, which the dashboard's CSP forbids.)
  for (let i = 0; i < 100 && (await page.locator('[aria-busy="true"]').count()) > 0; i++) {
    await page.waitForTimeout(50);
  }
}

describe('accessibility of every page (Chromium, axe-core)', () => {
  const dashboard = useDashboard();
  let page: Page;
  const organizer = makeCaller('organizer');
  let gaId = '';
  let seatedId = '';
  const pages = (): string[] => [
    '/',
    `/events/${gaId}`,
    `/events/${seatedId}`,
    '/login',
    '/register',
    '/rsvp/not-a-real-token-but-long-enough-to-look-like-one',
    '/nowhere',
  ];
  const signedInPages = [
    '/bookings',
    '/waitlist',
    '/invitations',
    '/notifications',
    '/organizer',
    '/account',
  ];

  beforeAll(async () => {
    gaId = (await onSaleEvent(organizer, { title: `Accessible concert ${RUN}`, capacity: 30 })).id;
    seatedId = (
      await onSaleEvent(organizer, {
        title: `Accessible recital ${RUN}`,
        capacity: undefined,
        seating: { sections: [{ name: 'A', rows: 2, seatsPerRow: 4 }] },
      })
    ).id;
    page = dashboard.page;
  }, 60_000);

  it('finds no axe violation on any public page', async () => {
    expect(await violationsOn(page, pages())).toEqual({});
  });

  it('finds no axe violation on any page of a signed-in organizer', async () => {
    const me = await registeredCaller('organizer', 'Ada Access');
    await signIn(page, me.email);
    expect(await violationsOn(page, signedInPages)).toEqual({});
  });

  it('scrolls no page sideways at 390 px, and folds the navigation into a menu', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const wide: Record<string, number> = {};
    for (const path of [...pages(), ...signedInPages]) {
      await page.goto(path);
      await settled(page);
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      if (overflow > 0) wide[path] = overflow;
    }
    expect(wide).toEqual({});
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await page.getByRole('link', { name: 'My bookings' }).isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('link', { name: 'My bookings' }).click();
    await page.getByRole('heading', { name: 'My bookings' }).waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('offers a skip link first, and moves focus to the heading of each new page', async () => {
    await page.goto(`/?q=${RUN}`);
    await settled(page);
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | null>('document.activeElement?.textContent ?? null')).toBe(
      'Skip to content',
    );
    await page.getByRole('link', { name: `Accessible concert ${RUN}` }).click();
    await page.getByRole('heading', { name: `Accessible concert ${RUN}` }).waitFor();
    await page.locator('main h1:focus').waitFor();
  });

  it('books a seat with the keyboard alone: arrows to walk the map, Enter to pick, then Book', async () => {
    await page.goto(`/events/${seatedId}`);
    await page.locator('[data-seat="A-1-1"]').waitFor();
    // Into the map: the one seat in the tab order.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate<boolean>("document.activeElement?.getAttribute('data-seat') === 'A-1-1'"))
        break;
    }
    expect(
      await page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label') ?? null"),
    ).toBe('Section A, row 1, seat 1, available');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(
      await page.evaluate<string | null>("document.activeElement?.getAttribute('data-seat') ?? null"),
    ).toBe('A-2-2');
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-seat="A-2-2"]').getAttribute('aria-pressed')).toBe('true');
    // Tab leaves the map for the Book button.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | null>('document.activeElement?.textContent ?? null')).toBe('Book');
    await page.keyboard.press('Enter');
    await page.getByText('Booked: A-2-2').waitFor();
  });
});
