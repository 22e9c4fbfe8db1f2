import type { PrismaClient } from './generated/prisma/client.ts';
import type { Config } from './infra/config.ts';
import type { Encrypter } from './infra/crypto.ts';
import type { EventBus } from './infra/event-bus.ts';
import type { Logger } from './infra/logger.ts';
import type { PricingStrategy } from './modules/catalog/pricing.ts';
import type { CheckoutPricing } from './modules/promotions/checkout-pricing.ts';
import type { FileStorage } from './infra/storage.ts';
import type { Topics } from './events.ts';
import { CreatorAccountService } from './modules/accounts/account.service.ts';
import { LinkService } from './modules/accounts/link.service.ts';
import { ShowcaseService } from './modules/accounts/showcase.service.ts';
import { AffiliatePlanService } from './modules/affiliates/affiliate-plan.service.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { CatalogService } from './modules/catalog/catalog.service.ts';
import { PromotionService } from './modules/promotions/promotion.service.ts';
import { VoucherService } from './modules/promotions/voucher.service.ts';
import { ShippingService } from './modules/shipping/shipping.service.ts';
import { ShopService } from './modules/shops/shop.service.ts';

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
  log: Logger;
}

/** The domain services. Resolvers call these; they hold the business rules. */
export interface Services {
  prisma: PrismaClient;
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
}

export function createServices(deps: Dependencies): Services {
  const shops = new ShopService(deps);
  const catalog = new CatalogService(deps, shops);
  const accounts = new CreatorAccountService(deps);
  const links = new LinkService(deps, shops, accounts);
  const affiliatePlans = new AffiliatePlanService(deps, shops, accounts, links, catalog);
  return {
    prisma: deps.prisma,
    auth: new AuthService(deps),
    shops,
    catalog,
    accounts,
    links,
    showcases: new ShowcaseService(deps, accounts, catalog, affiliatePlans),
    affiliatePlans,
    promotions: new PromotionService(deps, shops),
    vouchers: new VoucherService(deps, shops),
    shipping: new ShippingService(deps, shops),
  };
}
