import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

import { repoRoot } from '../build';

/**
 * Debian's Chromium driven by playwright-core (no browser download): headless, sandbox off
 * (we run as root), no network chatter, a fresh profile per launch.
 */
export const CHROMIUM = process.env.PANE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HostBrowser {
  browser: BrowserContext;
  close(): Promise<void>;
}

/** A persistent context over a fresh user-data-dir (removed on close). */
export async function launchChromium(): Promise<HostBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 1000 },
  });
  return {
    browser: context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface HostPage {
  page: Page;
  /** browser console errors and page errors seen so far */
  errors: string[];
}

/**
 * Opens the host page in the given theme and waits until the plugins and data sources are
 * loaded (`window.grafanaHost.ready`). Console errors are collected in `errors`.
 */
export async function openHost(context: BrowserContext, hostUrl: string, theme: 'dark' | 'light' = 'dark'): Promise<HostPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  // Grafana's Inter fonts are not in any npm package (known gap); everything else missing is an error.
  const knownGap = (url: string) => url.includes('/public/fonts/');
  page.on('console', (message) => {
    const url = message.location().url ?? '';
    if (message.type() === 'error' && !knownGap(url) && !message.text().startsWith('Failed to load resource')) errors.push(`${message.text()} ${url}`.trim());
  });
  page.on('response', (response) => {
    if (response.status() === 404 && !knownGap(response.url())) errors.push(`404 ${new URL(response.url()).pathname}`);
  });
  await page.goto(`${hostUrl}/?theme=${theme}`);
  await page.waitForFunction(() => Boolean(window.grafanaHost?.ready));
  await page.evaluate(() => window.grafanaHost.ready);
  return { page, errors };
}

export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');

/** Saves a full-page screenshot to test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export type { Browser, BrowserContext, Page };
