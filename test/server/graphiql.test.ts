import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../scripts/lib/test-services.ts';
import { createProduct, createCategory, catalogShop, productInput } from '../catalog/helpers.ts';
import { signUpStaff } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * GraphiQL as a person opens it, in a real browser that can reach nothing but this server: the page,
 * its script, styles and editor workers must all come from the server itself, and a query run from the
 * editor must show the server's answer.
 */
describe('GraphiQL in a browser with no outside network', () => {
  let server: TestServer;
  let browser: BrowserContext;
  let userDataDir: string;
  let title: string;

  beforeAll(async () => {
    server = await startTestServer();
    const staff = await signUpStaff(server);
    const shop = await catalogShop(server, staff);
    title = `Offline Batik ${randomUUID().slice(0, 8)}`;
    await createProduct(shop.owner, productInput(shop.shopId, await createCategory(staff), { title, status: 'ACTIVE' }));

    userDataDir = await mkdtemp(join(tmpdir(), 'seller-center-chromium-'));
    // A fresh profile, and none of Chromium's own calls home (updates, sync, safe browsing).
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: await findChromium(),
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  it('loads every asset from the server and runs a query from the editor', async () => {
    const context = browser;
    const page = await context.newPage();
    const blocked: string[] = [];
    const origin = server.url.origin;
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`)) return route.continue();
      blocked.push(url);
      return route.abort('internetdisconnected');
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const response = await page.goto(server.url.href, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('Seller Center API');

    // The default query (the public catalogue) is in the editor; run it as a person would.
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 30_000 });
    const answered = page.waitForResponse(
      (reply) => reply.url() === server.url.href && (reply.request().postData() ?? '').includes('BuyableProducts'),
    );
    await run.click();
    expect((await answered).status()).toBe(200);
    // The result editor (Monaco) renders spaces as no-break spaces.
    const result = async () => (await page.locator('.graphiql-response').innerText()).replace(/\u00a0/g, ' ');
    await expect.poll(result, { timeout: 30_000 }).toContain(`"title": "${title}"`);

    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
