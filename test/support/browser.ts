import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from '../../scripts/lib/test-services.ts';

/** Headless Chromium (Debian's, driven by playwright-core) with a profile of its own, deleted on close. */
export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'seller-center-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: await findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A stand-in for the product photos, which live on the sellers' own image hosts. */
const PRODUCT_IMAGE =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" fill="#1e3a8a"/>' +
  '<path d="M0 24h96M0 48h96M0 72h96M24 0v96M48 0v96M72 0v96" stroke="#fbbf24" stroke-width="3" stroke-dasharray="6 6"/>' +
  '<circle cx="48" cy="48" r="18" fill="none" stroke="#f8fafc" stroke-width="4"/></svg>';

/**
 * A stream's overlay page, `/live/<id>/overlay` of `origin`, in a page that can reach nothing else:
 * product images (the sellers' own URLs) get a stand-in drawn on the spot; any other request that
 * leaves the server is refused and listed in `outside`, which must stay empty.
 */
export async function openOverlay(browser: TestBrowser, origin: string, streamId: string): Promise<{ page: Page; outside: string[] }> {
  const page = await browser.context.newPage();
  const outside: string[] = [];
  const host = new URL(origin).host;
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.host === host) await route.continue();
    else if (route.request().resourceType() === 'image') await route.fulfill({ contentType: 'image/svg+xml', body: PRODUCT_IMAGE });
    else {
      outside.push(url.href);
      await route.abort();
    }
  });
  await page.goto(`${origin}/live/${encodeURIComponent(streamId)}/overlay`);
  return { page, outside };
}
