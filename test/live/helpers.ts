import { print } from 'graphql';
import { expect } from 'vitest';
import type { Client } from 'graphql-ws';
import { graphql } from '../generated/index.ts';
import { expectTypename } from '../support/client.ts';
import { signUp, signUpStaff, type TestUser } from '../support/fixtures.ts';
import type { TestServer, TestServerOptions } from '../support/server.ts';
import { addMember, type CatalogShop, createCategory, startCatalogWorld, type CatalogWorld } from '../catalog/helpers.ts';
import { createAccount, link, shopWithProducts, type TestAccount } from '../accounts/helpers.ts';

/** Documents and set-up shared by the live stream suites. */

export const Schedule = graphql(`
  mutation LiveSchedule($input: ScheduleLiveStreamInput!) {
    scheduleLiveStream(input: $input) {
      __typename
      ... on LiveStreamPayload { liveStream { id status title products { id } } }
      ... on LiveStreamStatusError { currentStatus }
      ... on UserError { code message field }
    }
  }
`);

export const Start = graphql(`
  mutation LiveStart($input: LiveStreamIdInput!) {
    startLiveStream(input: $input) {
      __typename
      ... on LiveStreamPayload { liveStream { id status startedAt } }
      ... on LiveStreamStatusError { currentStatus requiredStatus }
      ... on UserError { code message field }
    }
  }
`);

export const End = graphql(`
  mutation LiveEnd($input: LiveStreamIdInput!) {
    endLiveStream(input: $input) {
      __typename
      ... on LiveStreamPayload { liveStream { id status endedAt pinned { id } } }
      ... on LiveStreamStatusError { currentStatus requiredStatus }
      ... on UserError { code message field }
    }
  }
`);

export const Pin = graphql(`
  mutation LivePin($input: PinLiveProductInput!) {
    pinLiveProduct(input: $input) {
      __typename
      ... on LivePinPayload { pin { id pinnedAt unpinnedAt product { id } } }
      ... on LiveStreamStatusError { currentStatus }
      ... on UserError { code message field }
    }
  }
`);

export const Unpin = graphql(`
  mutation LiveUnpin($input: LiveStreamIdInput!) {
    unpinLiveProduct(input: $input) {
      __typename
      ... on LivePinPayload { pin { id unpinnedAt } }
      ... on LiveStreamStatusError { currentStatus }
      ... on UserError { code message field }
    }
  }
`);

export const SetProducts = graphql(`
  mutation LiveSetProducts($input: SetLiveStreamProductsInput!) {
    setLiveStreamProducts(input: $input) {
      __typename
      ... on LiveStreamPayload { liveStream { id products { id } } }
      ... on LiveStreamStatusError { currentStatus }
      ... on UserError { code message field }
    }
  }
`);

export const Stream = graphql(`
  query LiveStream($id: ID!) {
    liveStream(id: $id) {
      id title status
      account { handle }
      shop { id }
      products { id title }
      pinned { id product { id } pinnedAt }
      pins(first: 10) { edges { node { id product { id } pinnedAt unpinnedAt } } }
    }
    node(id: $id) { __typename id }
  }
`);

export const Streams = graphql(`
  query LiveStreams($shopId: ID, $accountId: ID, $status: LiveStreamStatus!, $first: Int) {
    liveStreams(shopId: $shopId, accountId: $accountId, status: $status, first: $first) {
      edges { node { id status pinned { product { id } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** The overlay's subscription: what a viewer selects of every kind of event. */
export const LIVE_EVENTS = print(
  graphql(`
    subscription LiveEvents($id: ID!) {
      liveEvents(liveStreamId: $id) {
        __typename
        publishedAt
        ... on LiveStateEvent {
          status pinnedStock viewerCount pinnedProduct { id title currentPrice { min { amount currencyCode } } }
          pinnedDeal { kind price { min { amount } } quantityLeft endsAt }
        }
        ... on LiveFlashDealStartedEvent { productId promotionId endsAt deal { kind price { min { amount } } quantityLeft } }
        ... on LiveFlashDealEndedEvent { productId promotionId deal { kind } }
        ... on LiveProductPinnedEvent { stock product { id title currentPrice { min { amount } } } }
        ... on LiveProductUnpinnedEvent { productId }
        ... on LiveStockChangedEvent { productId stock soldOut }
        ... on LivePurchaseEvent { productId productTitle quantity buyerName }
        ... on LiveViewerCountEvent { viewerCount }
        ... on LiveStreamStatusEvent { status }
      }
    }
  `),
);

export interface LiveEventMessage {
  __typename: string;
  publishedAt: string;
  status?: string;
  stock?: number;
  pinnedStock?: number | null;
  viewerCount?: number;
  soldOut?: boolean;
  productId?: string;
  quantity?: number;
  buyerName?: string;
  pinnedProduct?: { id: string; title: string; currentPrice: { min: { amount: string; currencyCode: string } } } | null;
  product?: { id: string; title: string; currentPrice: { min: { amount: string } } } | null;
  promotionId?: string;
  pinnedDeal?: { kind: string; price: { min: { amount: string } }; quantityLeft: number | null; endsAt: string } | null;
  deal?: { kind: string; price?: { min: { amount: string } }; quantityLeft?: number | null } | null;
}

/** A viewer: collects every message of one `liveEvents` subscription. */
export interface Viewer {
  messages: LiveEventMessage[];
  errors: unknown[];
  completed: Promise<void>;
  stop(): void;
  client: Client;
}

export function watch(client: Client, streamId: string, query = LIVE_EVENTS): Viewer {
  const messages: LiveEventMessage[] = [];
  const errors: unknown[] = [];
  let stop: () => void = () => {};
  const completed = new Promise<void>((resolve) => {
    stop = client.subscribe(
      { query, variables: { id: streamId } },
      {
        next: (result) => {
          if (result.errors) errors.push(...result.errors);
          const event = (result.data as { liveEvents?: LiveEventMessage } | undefined)?.liveEvents;
          if (event) messages.push(event);
        },
        error: (error) => {
          errors.push(...(Array.isArray(error) ? error : [error]));
          resolve();
        },
        complete: () => resolve(),
      },
    );
  });
  return { messages, errors, completed, stop: () => stop(), client };
}

/** The kinds of the messages a viewer received, in order. */
export const kinds = (viewer: Viewer) => viewer.messages.map((message) => message.__typename);

/** The last message of one kind. */
export function last(viewer: Viewer, kind: string): LiveEventMessage | undefined {
  return viewer.messages.filter((message) => message.__typename === kind).at(-1);
}

export interface LiveWorld extends CatalogWorld {
  shop: CatalogShop & { productIds: string[] };
  host: TestAccount;
  streamId: string;
}

/** A selling shop with three products, its official account, and a SCHEDULED stream of that account. */
export async function startLiveWorld(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<LiveWorld> {
  const world = await startCatalogWorld({ env, ...options });
  const shop = await shopWithProducts(world.server, world.staff, world.categoryId, 3);
  await addMember(shop, world.operator, 'OPERATOR');
  const host = await createAccount(world.server);
  await link(shop, host, 'OFFICIAL');
  const streamId = await scheduleStream(world.server, host, shop.shopId, shop.productIds);
  return { ...world, shop, host, streamId };
}

/** A selling shop with `productCount` products, its official account, and a LIVE stream of it, all made on `server`. */
export async function liveStreamOn(server: TestServer, productCount = 2) {
  const staff = await signUpStaff(server);
  const shop = await shopWithProducts(server, staff, await createCategory(staff), productCount);
  const host = await createAccount(server);
  await link(shop, host, 'OFFICIAL');
  const streamId = await scheduleStream(server, host, shop.shopId, shop.productIds);
  await goLive({ host }, streamId);
  return { staff, shop, host, streamId };
}

const ProductSkus = graphql(`
  query LiveProductSkus($id: ID!) {
    node(id: $id) { ... on Product { skus { id } } }
  }
`);

/** The id of a product's first SKU. */
export async function firstSkuOf(server: TestServer, productId: string): Promise<string> {
  const result = await server.client.request(ProductSkus, { id: productId });
  const skuId = (result.data?.node as { skus?: { id: string }[] } | null)?.skus?.[0]?.id;
  if (!skuId) throw new Error(`no SKU for ${productId}`);
  return skuId;
}

export async function scheduleStream(server: TestServer, host: TestAccount, shopId: string, productIds: string[]): Promise<string> {
  void server;
  const result = await host.holder.client.request(Schedule, {
    input: { accountId: host.accountId, shopId, title: 'Batik night', scheduledAt: new Date(Date.now() + 3600_000).toISOString(), productIds },
  });
  return expectTypename(result.data?.scheduleLiveStream, 'LiveStreamPayload').liveStream.id;
}

export async function goLive(world: { host: TestAccount }, streamId: string): Promise<void> {
  const result = await world.host.holder.client.request(Start, { input: { liveStreamId: streamId } });
  expectTypename(result.data?.startLiveStream, 'LiveStreamPayload');
}

export async function pin(user: TestUser, streamId: string, productId: string): Promise<void> {
  const result = await user.client.request(Pin, { input: { liveStreamId: streamId, productId } });
  expectTypename(result.data?.pinLiveProduct, 'LivePinPayload');
}

export const SHOP_ORDER_EVENTS =
  'subscription ShopEvents($shopId: ID!, $after: String) { shopOrderEvents(shopId: $shopId, after: $after) { sequence orderId type status } }';
export const MY_ORDER_EVENTS = 'subscription MyEvents($after: String) { myOrderEvents(after: $after) { sequence orderId type } }';

/** An order event as the order-event subscriptions above select it. */
export interface OrderEventSeen {
  sequence: string;
  orderId: string;
  type: string;
}

/**
 * A seller dashboard, a buyer's app or an affiliate's: collects every event of one subscription (the
 * value of its one root field), order events unless told otherwise.
 */
export interface EventsFeed<Event = OrderEventSeen> {
  events: Event[];
  errors: unknown[];
  stop(): void;
  done: Promise<void>;
}

export function listenEvents<Event = OrderEventSeen>(client: Client, query: string, variables: Record<string, unknown>): EventsFeed<Event> {
  const events: Event[] = [];
  const errors: unknown[] = [];
  let stop: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    stop = client.subscribe(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) errors.push(...result.errors);
          const data = result.data as Record<string, Event> | undefined;
          const event = data ? Object.values(data)[0] : undefined;
          if (event) events.push(event);
        },
        error: (error) => {
          errors.push(...(Array.isArray(error) ? error : [error]));
          resolve();
        },
        complete: () => resolve(),
      },
    );
  });
  return { events, errors, stop: () => stop(), done };
}

/**
 * A subscription over server-sent events on the GraphQL URL, as GraphiQL subscribes (a POST that accepts
 * `text/event-stream`, signed in with the Authorization header): what arrived so far, as text.
 */
export function subscribeOverSse(server: TestServer, query: string, variables: Record<string, unknown>, token?: string) {
  const abort = new AbortController();
  let text = '';
  let status = 0;
  const done = (async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      signal: abort.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    status = response.status;
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) text += decoder.decode(chunk.value, { stream: true });
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) throw error;
  });
  return {
    text: () => text,
    status: () => status,
    close: async () => {
      abort.abort();
      await done;
    },
  };
}

export { signUp };

/** Waits until `check` passes (events arrive asynchronously; nothing here measures time). */
export async function until(check: () => void): Promise<void> {
  await expect.poll(() => {
    try {
      check();
      return true;
    } catch {
      return false;
    }
  }, { timeout: 10_000 }).toBe(true);
}
