import { PermissionDeniedError } from './infra/errors.ts';
import type { Logger } from './infra/logger.ts';
import type { ShopMemberRole } from './generated/prisma/enums.ts';
import type { PricedSku, SkuOffer } from './modules/catalog/pricing.ts';
import type { Services } from './services.ts';

/** The authenticated user behind a request, or null for an anonymous visitor. */
export interface Viewer {
  userId: string;
  isStaff: boolean;
}

/**
 * What every service method receives first: who is asking and how to log. Services depend on nothing
 * else from the request, so they can be called from GraphQL, jobs, scripts and tests alike.
 */
export interface ServiceContext {
  requestId: string;
  viewer: Viewer | null;
  log: Logger;
}

/** The GraphQL request context: the service context plus per-request caches. */
export interface GraphQLContext extends ServiceContext {
  services: Services;
  /** The client's IP address (see TRUST_PROXY), for per-client limits. */
  clientIp: string;
  /** The viewer's role in a shop (null when not a member), batched and cached for this request. */
  shopRole(shopId: string): Promise<ShopMemberRole | null>;
  /** A SKU's current unit price through the pricing strategy, batched across the whole request. */
  unitPrice(sku: PricedSku): Promise<bigint>;
  /**
   * A SKU's current offer (price and the promotion that sets it), from the same batches as `unitPrice`;
   * with a live stream, the offer inside that stream (its tied flash deals count).
   */
  offer(sku: PricedSku, liveStreamId?: string | null): Promise<SkuOffer>;
  /**
   * Offers computed earlier at a known moment (a pinned product's card, priced once when the pin was
   * published): `offer` answers these SKUs with them for the rest of the request instead of asking again.
   */
  primeOffers(skus: readonly PricedSku[], offers: ReadonlyMap<string, SkuOffer>, liveStreamId: string | null): void;
}

/** A context for work the system does on its own behalf (seeding, jobs). */
export function systemContext(log: Logger, requestId = 'system'): ServiceContext {
  return { requestId, viewer: null, log };
}

/** The signed-in user's id. The GraphQL layer admits only signed-in users where this is called, so none is a bug. */
export function requireViewer(ctx: ServiceContext): string {
  if (!ctx.viewer) throw new Error('A signed-in user is required');
  return ctx.viewer.userId;
}

/** The id of the signed-in platform staff member; anyone else gets PERMISSION_DENIED. */
export function requireStaff(ctx: ServiceContext): string {
  const userId = requireViewer(ctx);
  if (!ctx.viewer?.isStaff) throw new PermissionDeniedError('Only platform staff can do this');
  return userId;
}
