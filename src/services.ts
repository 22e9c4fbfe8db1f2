import type { PrismaClient } from './generated/prisma/client.ts';
import type { Config } from './infra/config.ts';
import type { Encrypter } from './infra/crypto.ts';
import type { EventBus } from './infra/event-bus.ts';
import type { Logger } from './infra/logger.ts';
import type { PricingStrategy } from './modules/catalog/pricing.ts';
import type { CheckoutPricing } from './modules/promotions/checkout-pricing.ts';
import type { FileStorage } from './infra/storage.ts';
import type { Idempotency } from './infra/idempotency.ts';
import type { StockAdmission } from './modules/orders/stock-admission.ts';
import type { PaymentProvider } from './modules/orders/payment-provider.ts';
import { CheckoutService } from './modules/orders/checkout.service.ts';
import { OrderService } from './modules/orders/order.service.ts';
import type { Topics } from './events.ts';
import { CreatorAccountService } from './modules/accounts/account.service.ts';
import { LinkService } from './modules/accounts/link.service.ts';
import { ShowcaseService } from './modules/accounts/showcase.service.ts';
import { CommissionService } from './modules/affiliates/commission.service.ts';
import { AffiliatePlanService } from './modules/affiliates/affiliate-plan.service.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { CatalogService } from './modules/catalog/catalog.service.ts';
import { PromotionService } from './modules/promotions/promotion.service.ts';
import { VoucherService } from './modules/promotions/voucher.service.ts';
import { ShippingService } from './modules/shipping/shipping.service.ts';
import { ShopService } from './modules/shops/shop.service.ts';
import { LiveService } from './modules/live/live.service.ts';
import { LiveChannels } from './modules/live/live.channel.ts';
import { LiveFeeds } from './modules/live/live.feeds.ts';
import { OrderEventStreamService } from './modules/order-events/order-event-stream.service.ts';
import type { PresenceCounter } from './infra/presence.ts';

/** Where "now" comes from, so that tests and jobs can reason about deadlines. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Everything a service may use. Built once, in the composition root. */
export interface Dependencies {
  prisma: PrismaClient;
  events: EventBus<Topics>;
  storage: FileStorage;
  encrypter: Encrypter;
  config: Config;
  clock: Clock;
  /** How current unit prices are decided: the promotion engine. */
  pricing: PricingStrategy;
  /** What checkout asks of promotions and shipping: the same engine, so charged prices are shown prices. */
  checkoutPricing: CheckoutPricing;
  payments: PaymentProvider;
  /** The one idempotency-key mechanism of every mutation that takes a key. */
  idempotency: Idempotency;
  /** This instance's sold-out memo and admission in front of checkout's transaction. */
  stockAdmission: StockAdmission;
  /** Viewer counts of live streams over every instance. */
  presence: PresenceCounter;
  log: Logger;
}

/** The domain services. Resolvers call these; they hold the business rules. */
export interface Services {
  prisma: PrismaClient;
  /** The server's clock (injectable in tests): what "now" is for rules that read it outside a service. */
  clock: Clock;
  auth: AuthService;
  shops: ShopService;
  catalog: CatalogService;
  accounts: CreatorAccountService;
  links: LinkService;
  showcases: ShowcaseService;
  affiliatePlans: AffiliatePlanService;
  promotions: PromotionService;
  vouchers: VoucherService;
  shipping: ShippingService;
  orders: OrderService;
  checkout: CheckoutService;
  live: LiveService;
  /** This instance's live channels: what `liveEvents` subscribers receive. */
  liveChannels: LiveChannels;
  liveFeeds: LiveFeeds;
  /** Durable, resumable order-event subscriptions read from the outbox. */
  orderEventStreams: OrderEventStreamService;
  /** Affiliate commission: earned when attributed orders complete. */
  commissions: CommissionService;
}

export function createServices(deps: Dependencies): Services {
  const shops = new ShopService(deps);
  const catalog = new CatalogService(deps, shops);
  const accounts = new CreatorAccountService(deps);
  const links = new LinkService(deps, shops, accounts);
  const affiliatePlans = new AffiliatePlanService(deps, shops, accounts, links, catalog);
  const commissions = new CommissionService(deps, accounts);
  const orders = new OrderService(deps, shops, catalog, commissions);
  const live = new LiveService(deps, accounts);
  const liveChannels = new LiveChannels({
    live,
    events: deps.events,
    presence: deps.presence,
    coalesceMs: deps.config.LIVE_COALESCE_MS,
    // Often enough that the viewers of an instance that died stop counting soon after their entry expires.
    recountMs: Math.max(1000, (deps.config.LIVE_VIEWER_TTL_SECONDS * 1000) / 3),
    log: deps.log,
  });
  return {
    prisma: deps.prisma,
    clock: deps.clock,
    auth: new AuthService(deps),
    shops,
    catalog,
    accounts,
    links,
    showcases: new ShowcaseService(deps, accounts, catalog, affiliatePlans),
    affiliatePlans,
    commissions,
    promotions: new PromotionService(deps, shops),
    vouchers: new VoucherService(deps, shops),
    shipping: new ShippingService(deps, shops),
    orders,
    checkout: new CheckoutService(deps, orders, catalog, affiliatePlans),
    live,
    liveChannels,
    liveFeeds: new LiveFeeds(liveChannels),
    orderEventStreams: new OrderEventStreamService(deps, shops),
  };
}
