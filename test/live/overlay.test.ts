import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../scripts/lib/test-services.ts';
import { AdjustStock } from '../catalog/helpers.ts';
import { graphql } from '../generated/index.ts';
import { expectTypename } from '../support/client.ts';
import { goLive, pin, startLiveWorld, type LiveWorld } from './helpers.ts';

const Skus = graphql(`
  query OverlaySkus($id: ID!) {
    node(id: $id) { ... on Product { skus { id } } }
  }
`);

/** The overlay page in a real browser that can reach nothing but this server. */
describe('live overlay page', () => {
  let world: LiveWorld;
  let browser: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    world = await startLiveWorld({ LIVE_COALESCE_MS: '50' });
    await goLive(world, world.streamId);
    userDataDir = await mkdtemp(join(tmpdir(), 'seller-center-chromium-'));
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: await findChromium(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await world?.server.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  it('shows the pinned product with its price and stock, follows pins and stock changes, with nothing from outside', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.host !== world.server.url.host) {
        // Product images are the seller's own URLs; everything the page itself needs must be local.
        if (route.request().resourceType() !== 'image') outside.push(url.href);
        await route.abort();
      } else await route.continue();
    });
    await page.goto(`${world.server.url.origin}/live/${encodeURIComponent(world.streamId)}/overlay`);
    await expect.poll(() => page.locator('#viewers').textContent(), { timeout: 15_000 }).toBe('1');
    expect(await page.locator('#product').isHidden()).toBe(true);

    const [first, second] = world.shop.productIds as [string, string];
    await pin(world.host.holder, world.streamId, first);
    await expect.poll(() => page.locator('#title').textContent(), { timeout: 15_000 }).toBe('Product 1');
    expect(await page.locator('#price').textContent()).toBe('IDR 50000.00');

    const skus = await world.server.client.request(Skus, { id: first });
    const skuId = (skus.data?.node as { skus: { id: string }[] }).skus[0]?.id as string;
    const adjusted = await world.shop.owner.client.request(AdjustStock, { input: { skuId, set: 3 } });
    expectTypename(adjusted.data?.adjustSkuStock, 'AdjustSkuStockPayload');
    await expect.poll(() => page.locator('#stock').textContent(), { timeout: 15_000 }).toBe('3 left');
    await world.shop.owner.client.request(AdjustStock, { input: { skuId, set: 0 } });
    await expect.poll(() => page.locator('#stock').textContent(), { timeout: 15_000 }).toBe('Sold out');

    await pin(world.operator, world.streamId, second);
    await expect.poll(() => page.locator('#title').textContent(), { timeout: 15_000 }).toBe('Product 2');
    if (process.env.TEST_DATABASE === 'pglite') await page.screenshot({ path: 'docs/overlay.png', omitBackground: true });
    expect(outside).toEqual([]);
    await page.close();
  });
});
