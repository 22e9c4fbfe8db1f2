import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTypename } from '../support/client.ts';
import { signUp } from '../support/fixtures.ts';
import { createAccount, createPlan, joinPlan, link, shopWithProducts } from '../accounts/helpers.ts';
import { End, Pin, Schedule, SetProducts, Start, Stream, Streams, Unpin, goLive, pin, scheduleStream, startLiveWorld, type LiveWorld } from './helpers.ts';

describe('live streams', () => {
  let world: LiveWorld;
  beforeAll(async () => {
    world = await startLiveWorld();
  });
  afterAll(async () => {
    await world.server.close();
  });

  const scheduleInput = (accountId: string, shopId: string, productIds: string[]) => ({
    input: { accountId, shopId, title: 'Evening sale', scheduledAt: new Date(Date.now() + 60_000).toISOString(), productIds },
  });

  it('schedules a stream for a shop the account is the official account of, with its products', async () => {
    const result = await world.server.client.request(Stream, { id: world.streamId });
    expect(result.data?.liveStream).toMatchObject({ status: 'SCHEDULED', title: 'Batik night', account: { handle: world.host.handle }, shop: { id: world.shop.shopId }, pinned: null });
    expect(result.data?.liveStream?.products.map((product) => product.id)).toEqual(world.shop.productIds);
    expect(result.data?.node).toEqual({ __typename: 'LiveStream', id: world.streamId });
  });

  it('refuses an account with no link or joined plan, and products the account may not sell', async () => {
    const stranger = await createAccount(world.server);
    const refused = await stranger.holder.client.request(Schedule, scheduleInput(stranger.accountId, world.shop.shopId, world.shop.productIds));
    expect(refused.data?.scheduleLiveStream).toMatchObject({ __typename: 'RuleViolationError', code: 'NOT_ELIGIBLE', field: ['input', 'shopId'] });

    // Someone else's account: the holder only.
    const notHolder = await world.outsider.client.request(Schedule, scheduleInput(world.host.accountId, world.shop.shopId, world.shop.productIds));
    expect(notHolder.data?.scheduleLiveStream).toMatchObject({ code: 'PERMISSION_DENIED' });

    // Another shop's product.
    const other = await shopWithProducts(world.server, world.staff, world.categoryId, 1);
    const foreign = await world.host.holder.client.request(Schedule, scheduleInput(world.host.accountId, world.shop.shopId, [world.shop.productIds[0] as string, other.productIds[0] as string]));
    expect(foreign.data?.scheduleLiveStream).toMatchObject({ code: 'NOT_ELIGIBLE', field: ['input', 'productIds', '1'] });
  });

  it('lets an affiliate schedule the products of a running plan it joined', async () => {
    const shop = await shopWithProducts(world.server, world.staff, world.categoryId, 2);
    const affiliate = await createAccount(world.server);
    const plan = await createPlan(shop, { scope: 'LISTED_PRODUCTS', products: [{ productId: shop.productIds[0] as string }] });
    expectTypename(await joinPlan(affiliate, plan.id), 'AffiliateParticipationPayload');
    const covered = await affiliate.holder.client.request(Schedule, scheduleInput(affiliate.accountId, shop.shopId, [shop.productIds[0] as string]));
    expectTypename(covered.data?.scheduleLiveStream, 'LiveStreamPayload');
    const uncovered = await affiliate.holder.client.request(Schedule, scheduleInput(affiliate.accountId, shop.shopId, [shop.productIds[1] as string]));
    expect(uncovered.data?.scheduleLiveStream).toMatchObject({ code: 'NOT_ELIGIBLE', field: ['input', 'productIds', '0'] });
  });

  it('validates the input with typed errors and leaves nothing behind', async () => {
    const bad = await world.host.holder.client.request(Schedule, {
      input: { accountId: world.host.accountId, shopId: world.shop.shopId, title: 'a\u0000b', scheduledAt: new Date().toISOString(), productIds: [] },
    });
    expect(bad.data?.scheduleLiveStream).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    const badId = await world.host.holder.client.request(Schedule, scheduleInput(world.host.accountId, world.shop.shopId, ['gid://seller-center/Product/nope']));
    expect(badId.data?.scheduleLiveStream).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'productIds', '0'] });
    const upcoming = await world.server.client.request(Streams, { accountId: world.host.accountId, status: 'SCHEDULED', first: 10 });
    expect(upcoming.data?.liveStreams.edges.map((edge) => edge.node.id)).toEqual([world.streamId]);
  });

  it('runs SCHEDULED → LIVE → ENDED once, naming the current status when a step is not allowed', async () => {
    const streamId = await scheduleStream(world.server, world.host, world.shop.shopId, world.shop.productIds);
    const earlyPin = await world.host.holder.client.request(Pin, { input: { liveStreamId: streamId, productId: world.shop.productIds[0] as string } });
    expect(earlyPin.data?.pinLiveProduct).toMatchObject({ __typename: 'LiveStreamStatusError', code: 'LIVE_STREAM_STATUS', currentStatus: 'SCHEDULED' });
    const earlyEnd = await world.host.holder.client.request(End, { input: { liveStreamId: streamId } });
    expect(earlyEnd.data?.endLiveStream).toMatchObject({ currentStatus: 'SCHEDULED', requiredStatus: ['LIVE'] });

    const notHost = await world.seller.owner.client.request(Start, { input: { liveStreamId: streamId } });
    expect(notHost.data?.startLiveStream).toMatchObject({ code: 'PERMISSION_DENIED' });
    // Two concurrent starts: exactly one wins.
    const starts = await Promise.all([0, 1].map(() => world.host.holder.client.request(Start, { input: { liveStreamId: streamId } })));
    expect(starts.map((result) => result.data?.startLiveStream.__typename).sort()).toEqual(['LiveStreamPayload', 'LiveStreamStatusError']);
    const live = await world.server.client.request(Streams, { shopId: world.shop.shopId, status: 'LIVE', first: 10 });
    expect(live.data?.liveStreams.edges.map((edge) => edge.node.id)).toContain(streamId);

    await pin(world.host.holder, streamId, world.shop.productIds[0] as string);
    const ended = await world.host.holder.client.request(End, { input: { liveStreamId: streamId } });
    expect(expectTypename(ended.data?.endLiveStream, 'LiveStreamPayload').liveStream).toMatchObject({ status: 'ENDED', pinned: null });
    const again = await world.host.holder.client.request(Start, { input: { liveStreamId: streamId } });
    expect(again.data?.startLiveStream).toMatchObject({ code: 'LIVE_STREAM_STATUS', currentStatus: 'ENDED' });
  });

  it('pins one product at a time by the host or a shop OWNER/ADMIN/OPERATOR, and keeps the pin history', async () => {
    const streamId = await scheduleStream(world.server, world.host, world.shop.shopId, world.shop.productIds);
    await goLive(world, streamId);
    const [first, second, third] = world.shop.productIds as [string, string, string];
    await pin(world.host.holder, streamId, first);
    await pin(world.shop.owner, streamId, second);
    await pin(world.operator, streamId, second);

    for (const outsider of [world.outsider, world.seller.owner, await signUp(world.server.client, 'buyer')]) {
      const refused = await outsider.client.request(Pin, { input: { liveStreamId: streamId, productId: third } });
      expect(refused.data?.pinLiveProduct).toMatchObject({ code: 'PERMISSION_DENIED' });
    }
    const anonymous = await world.server.client.request(Pin, { input: { liveStreamId: streamId, productId: third } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const unlisted = await world.host.holder.client.request(Pin, { input: { liveStreamId: streamId, productId: (await shopWithProducts(world.server, world.staff, world.categoryId, 1)).productIds[0] as string } });
    expect(unlisted.data?.pinLiveProduct).toMatchObject({ code: 'PRODUCT_NOT_IN_STREAM', field: ['input', 'productId'] });

    // Concurrent pins of different products leave exactly one open pin.
    await Promise.all([first, third, first, third].map((productId) => pin(world.host.holder, streamId, productId)));
    const stream = (await world.server.client.request(Stream, { id: streamId })).data?.liveStream;
    const history = stream?.pins.edges.map((edge) => edge.node) ?? [];
    expect(history.filter((item) => item.unpinnedAt === null)).toHaveLength(1);
    expect(stream?.pinned?.product?.id).toBe(history[0]?.product?.id);
    expect(history.at(-1)).toMatchObject({ product: { id: first } });
    expect(history.length).toBeGreaterThanOrEqual(3);

    const keep = await world.host.holder.client.request(SetProducts, { input: { liveStreamId: streamId, productIds: [second] } });
    expect(keep.data?.setLiveStreamProducts).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'productIds'] });
    const unpinned = await world.operator.client.request(Unpin, { input: { liveStreamId: streamId } });
    expect(expectTypename(unpinned.data?.unpinLiveProduct, 'LivePinPayload').pin?.unpinnedAt).toBeTruthy();
    const nothing = await world.operator.client.request(Unpin, { input: { liveStreamId: streamId } });
    expect(expectTypename(nothing.data?.unpinLiveProduct, 'LivePinPayload').pin).toBeNull();
    const changed = await world.host.holder.client.request(SetProducts, { input: { liveStreamId: streamId, productIds: [second] } });
    expect(expectTypename(changed.data?.setLiveStreamProducts, 'LiveStreamPayload').liveStream.products.map((product) => product.id)).toEqual([second]);
  });

  it('reads as null for an unknown stream and refuses malformed ids with a code', async () => {
    const missing = await world.server.client.request(Stream, { id: 'gid://seller-center/LiveStream/0190a0a0-0000-7000-8000-000000000000' });
    expect(missing.data?.liveStream).toBeNull();
    const malformed = await world.server.client.request(Stream, { id: 'nope' });
    expect(malformed.errors?.[0]?.extensions?.code).toBeTruthy();
    const marketing = await createAccount(world.server);
    const shop = await shopWithProducts(world.server, world.staff, world.categoryId, 1);
    await link(shop, marketing, 'MARKETING');
    const scheduled = await marketing.holder.client.request(Schedule, scheduleInput(marketing.accountId, shop.shopId, shop.productIds));
    expectTypename(scheduled.data?.scheduleLiveStream, 'LiveStreamPayload');
  });
});
