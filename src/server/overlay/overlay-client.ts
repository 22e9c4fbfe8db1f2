import { createClient } from 'graphql-ws';

/**
 * The live overlay's script (bundled for the browser by src/server/overlay.ts). It subscribes to
 * `liveEvents` on the server that served the page and draws the pinned product, its price, the stock
 * left, the viewer count and the purchase feed.
 */

interface Product {
  id: string;
  title: string;
  images: { url: string }[];
  currentPrice: { min: { amount: string; currencyCode: string } };
}

interface LiveEvent {
  __typename: string;
  status?: string;
  pinnedProduct?: Product | null;
  product?: Product | null;
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
    ... on LiveStateEvent { status pinnedStock viewerCount pinnedProduct { ...OverlayProduct } }
    ... on LiveProductPinnedEvent { stock product { ...OverlayProduct } }
    ... on LiveProductUnpinnedEvent { productId }
    ... on LiveStockChangedEvent { productId stock }
    ... on LivePurchaseEvent { productId productTitle quantity buyerName }
    ... on LiveViewerCountEvent { viewerCount }
    ... on LiveStreamStatusEvent { status }
  }
}
fragment OverlayProduct on Product { id title images { url } currentPrice { min { amount currencyCode } } }`;

const byId = (id: string) => document.getElementById(id) as HTMLElement;
let pinned: Product | null = null;

function showPinned(product: Product | null, stock: number | null | undefined): void {
  pinned = product;
  byId('product').hidden = !product;
  if (!product) return;
  byId('title').textContent = product.title;
  byId('price').textContent = `${product.currentPrice.min.currencyCode} ${product.currentPrice.min.amount}`;
  const image = byId('image') as HTMLImageElement;
  image.hidden = product.images.length === 0;
  if (product.images[0]) image.src = product.images[0].url;
  showStock(stock ?? 0);
}

function showStock(stock: number): void {
  byId('stock').textContent = stock > 0 ? `${stock} left` : 'Sold out';
}

function handle(event: LiveEvent): void {
  switch (event.__typename) {
    case 'LiveStateEvent':
      byId('viewers').textContent = String(event.viewerCount ?? 0);
      showPinned(event.pinnedProduct ?? null, event.pinnedStock);
      break;
    case 'LiveProductPinnedEvent':
      showPinned(event.product ?? null, event.stock);
      break;
    case 'LiveProductUnpinnedEvent':
      if (pinned?.id === event.productId) showPinned(null, null);
      break;
    case 'LiveStockChangedEvent':
      if (pinned?.id === event.productId) showStock(event.stock ?? 0);
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
      if (event.status === 'ENDED') showPinned(null, null);
      break;
  }
  document.body.dataset.lastEvent = event.__typename;
}

const streamId = decodeURIComponent(location.pathname.split('/')[2] ?? '');
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
