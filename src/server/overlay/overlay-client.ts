import { createClient } from 'graphql-ws';

/**
 * The live overlay's script (bundled for the browser by src/server/overlay.ts). It subscribes to
 * `liveEvents` on the server that served the page and draws the pinned product, its price, the stock
 * left, the flash deal's countdown, the viewer count and the purchase feed.
 */

interface Money {
  amount: string;
  currencyCode: string;
}

interface Product {
  id: string;
  title: string;
  images: { url: string }[];
  /** The list price: what the product costs when no promotion sets its price. */
  priceRange: { min: Money };
}

/** The promotion that sets a product's price in this stream; a flash deal has an end to count down to. */
interface Deal {
  kind: string;
  price: { min: Money };
  endsAt: string;
}

interface LiveEvent {
  __typename: string;
  status?: string;
  pinnedProduct?: Product | null;
  pinnedDeal?: Deal | null;
  product?: Product | null;
  deal?: Deal | null;
  pinnedStock?: number | null;
  stock?: number;
  productId?: string;
  viewerCount?: number;
  quantity?: number;
  buyerName?: string;
  productTitle?: string | null;
}

const QUERY = `subscription Overlay($id: ID!) {
  liveEvents(liveStreamId: $id) {
    __typename
    ... on LiveStateEvent { status pinnedStock viewerCount pinnedProduct { ...OverlayProduct } pinnedDeal { ...OverlayDeal } }
    ... on LiveProductPinnedEvent { stock product { ...OverlayProduct } deal { ...OverlayDeal } }
    ... on LiveProductUnpinnedEvent { productId }
    ... on LiveStockChangedEvent { productId stock }
    ... on LiveFlashDealStartedEvent { productId deal { ...OverlayDeal } }
    ... on LiveFlashDealEndedEvent { productId deal { ...OverlayDeal } }
    ... on LivePurchaseEvent { productId productTitle quantity buyerName }
    ... on LiveViewerCountEvent { viewerCount }
    ... on LiveStreamStatusEvent { status }
  }
}
fragment OverlayProduct on Product { id title images { url } priceRange { min { amount currencyCode } } }
fragment OverlayDeal on ProductDeal { kind price { min { amount currencyCode } } endsAt }`;

const byId = (id: string) => document.getElementById(id) as HTMLElement;
let pinned: Product | null = null;
let deal: Deal | null = null;

function showPinned(product: Product | null, stock: number | null | undefined, productDeal: Deal | null | undefined): void {
  pinned = product;
  byId('product').hidden = !product;
  if (!product) {
    showDeal(null);
    return;
  }
  byId('title').textContent = product.title;
  const image = byId('image') as HTMLImageElement;
  image.hidden = product.images.length === 0;
  // A photo that does not load leaves no broken-image icon on the stream.
  image.onerror = () => (image.hidden = true);
  if (product.images[0]) image.src = product.images[0].url;
  showStock(stock ?? 0);
  showDeal(productDeal ?? null);
}

function showStock(stock: number): void {
  byId('stock').textContent = stock > 0 ? `${stock} left` : 'Sold out';
}

const money = (value: Money) => `${value.currencyCode} ${value.amount}`;

/** The price the deal sets (list price without one), and the flash deal's countdown. */
function showDeal(productDeal: Deal | null): void {
  deal = productDeal;
  if (pinned) byId('price').textContent = money(deal ? deal.price.min : pinned.priceRange.min);
  const was = byId('was');
  was.hidden = !pinned || !deal;
  if (pinned && deal) was.textContent = money(pinned.priceRange.min);
  tick();
}

const pad = (value: number) => String(value).padStart(2, '0');

/** Counts down locally, from the deal's end, once a second: the server sends nothing while time passes. */
function tick(): void {
  const element = byId('deal');
  const left = deal?.kind === 'FLASH_DEAL' ? Math.ceil((Date.parse(deal.endsAt) - Date.now()) / 1000) : 0;
  element.hidden = left <= 0;
  if (left <= 0) return;
  const hours = Math.floor(left / 3600);
  const clock = `${hours > 0 ? `${hours}:` : ''}${pad(Math.floor((left % 3600) / 60))}:${pad(left % 60)}`;
  element.textContent = `Flash deal · ends in ${clock}`;
}
setInterval(tick, 1000);

function handle(event: LiveEvent): void {
  switch (event.__typename) {
    case 'LiveStateEvent':
      byId('viewers').textContent = String(event.viewerCount ?? 0);
      showPinned(event.pinnedProduct ?? null, event.pinnedStock, event.pinnedDeal);
      break;
    case 'LiveProductPinnedEvent':
      showPinned(event.product ?? null, event.stock, event.deal);
      break;
    case 'LiveProductUnpinnedEvent':
      if (pinned?.id === event.productId) showPinned(null, null, null);
      break;
    case 'LiveStockChangedEvent':
      if (pinned?.id === event.productId) showStock(event.stock ?? 0);
      break;
    case 'LiveFlashDealStartedEvent':
    case 'LiveFlashDealEndedEvent':
      if (pinned?.id === event.productId) showDeal(event.deal ?? null);
      break;
    case 'LiveViewerCountEvent':
      byId('viewers').textContent = String(event.viewerCount ?? 0);
      break;
    case 'LivePurchaseEvent': {
      const item = document.createElement('li');
      item.textContent = `${event.buyerName ?? 'Someone'} bought ${event.quantity ?? 1} × ${event.productTitle ?? 'a product'}`;
      const feed = byId('feed');
      feed.prepend(item);
      while (feed.children.length > 5) feed.lastElementChild?.remove();
      break;
    }
    case 'LiveStreamStatusEvent':
      if (event.status === 'ENDED') showPinned(null, null, null);
      break;
  }
  document.body.dataset.lastEvent = event.__typename;
}

// The stream's global id (URL-encoded, or pasted as the API returns it) or only its last part.
const streamId = decodeURIComponent(/^\/live\/(.+?)\/overlay\/?$/.exec(location.pathname)?.[1] ?? '');
const id = streamId.startsWith('gid://') ? streamId : `gid://seller-center/LiveStream/${streamId}`;
const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
// Reconnects for ever: an overlay runs unattended for hours, and the first message after a reconnect
// is the full state again.
const client = createClient({ url, retryAttempts: Infinity, shouldRetry: () => true });
client.subscribe<{ liveEvents: LiveEvent }>(
  { query: QUERY, variables: { id } },
  {
    next: (result) => {
      if (result.data) handle(result.data.liveEvents);
    },
    error: () => {
      document.body.dataset.error = 'true';
    },
    complete: () => {},
  },
);
