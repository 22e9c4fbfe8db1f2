import type { AccountTopics } from './modules/accounts/account.events.ts';
import type { AffiliateTopics } from './modules/affiliates/affiliate.events.ts';
import type { LiveTopics } from './modules/live/live.events.ts';
import type { CatalogTopics } from './modules/catalog/catalog.events.ts';
import type { OrderTopics } from './modules/orders/order.events.ts';
import type { PromotionTopics } from './modules/promotions/promotion.events.ts';
import type { ShippingTopics } from './modules/shipping/shipping.events.ts';
import type { ShopTopics } from './modules/shops/shop.events.ts';

/** Every topic of the event bus with its payload: the typed topic map of the whole application. */
export type Topics = ShopTopics & CatalogTopics & OrderTopics & PromotionTopics & AccountTopics & AffiliateTopics & LiveTopics & ShippingTopics;
