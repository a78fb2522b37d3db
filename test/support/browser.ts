// Headless Chromium from Debian's `chromium` package, driven by playwright-core (no browser download).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium';
import { newClientAddress } from './gateway-client';
import { gatewayUrl } from './stack';
import { TcpProxy } from './tcp-proxy';

export { CHROMIUM } from '../../scripts/chromium';
export const launchBrowser = launchChromium;

export interface Dashboard {
  browser: Browser;
  page: Page;
  /** Page errors and console errors seen so far: a spec fails on any. */
  errors: string[];
  /** Where the dashboard is, for more pages or contexts of this browser. */
  baseURL: string;
  close(): Promise<void>;
}

/**
 * A browser on the test stack's dashboard (with Chromium flags `extraArgs`, if any). It reaches the gateway
 * from an address of its own (through a loopback proxy), so its sign-ins are rate-limited alone.
 */
export async function openDashboard(extraArgs: string[] = []): Promise<Dashboard> {
  const browser = await launchChromium(extraArgs);
  const gateway = new URL(gatewayUrl());
  const proxy = await new TcpProxy(gateway.hostname, Number(gateway.port), newClientAddress()).start();
  const baseURL = `http://127.0.0.1:${proxy.port}`;
  const page = await (await browser.newContext({ baseURL })).newPage();
  return {
    browser,
    page,
    errors: watchErrors(page),
    baseURL,
    close: async () => {
      await browser.close();
      await proxy.cut();
    },
  };
}

/** Where the browser specs write their screenshots (git-ignored; `npm run screenshots` writes apps/web/docs). */
export const SCREENSHOTS = join(__dirname, '..', '..', 'screenshots');

/** A full-page screenshot of `page` as screenshots/<name>.png. */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Collects every uncaught page error and console error, so a spec can fail on any. */
/** Signs in through the login page as an account of registeredCaller (its password), and waits for it. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.click('button[type=submit]');
  await page.getByTestId('who').waitFor();
}

/** Signs out and waits until it is done (its refresh token revoked, the tokens gone). */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).waitFor();
}

export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A failed request the app handles (a 409 it shows) is logged by Chromium as a resource error.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return errors;
}

/**
 * A dashboard for a whole spec file: opened before its tests, closed after them, and every test fails on a
 * page error or console error it caused. Read its fields inside tests or hooks (they are set once it is open).
 */
export function useDashboard(): Dashboard {
  const dashboard = {} as Dashboard;
  beforeAll(async () => {
    Object.assign(dashboard, await openDashboard());
  }, 60_000);
  afterAll(() => dashboard.close?.());
  afterEach(() => {
    expect(dashboard.errors).toEqual([]);
  });
  return dashboard;
}
