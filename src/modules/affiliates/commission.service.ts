import type { ServiceContext } from '../../context.ts';
import type { AffiliateCommission, Order, Prisma } from '../../generated/prisma/client.ts';
import { NotFoundError, type FieldPath } from '../../infra/errors.ts';
import { percentOfMinor } from '../../infra/money.ts';
import type { Dependencies } from '../../services.ts';
import type { CreatorAccountService } from '../accounts/account.service.ts';
import type { CommissionEarned } from './affiliate.events.ts';

/** A commission row with what its event names. */
export type EarnedCommission = AffiliateCommission & { orderNumber: string };

/**
 * Affiliate commission (SPEC §6): an order attributed to a creator account records, per item, the plan
 * and rate in force at purchase; the commission is earned when the order completes, once per order and
 * account, and its holder is told at once.
 */
export class CommissionService {
  constructor(
    private readonly deps: Dependencies,
    private readonly accounts: CreatorAccountService,
  ) {}

  /**
   * Inside the transaction that completes `order`: records what its affiliate earned, or nothing when
   * the order was not attributed to one. Each item earns its unit price after promotions times the rate
   * recorded at purchase, rounded half-up per unit as the plan's "commission per unit" shows it, times
   * the quantity. The plan is the one named at checkout, else the first item's.
   */
  async earnIn(
    tx: Prisma.TransactionClient,
    order: Pick<Order, 'id' | 'number' | 'shopId' | 'currency' | 'attributedAccountId' | 'affiliatePlanId'>,
    earnedAt: Date,
  ): Promise<EarnedCommission | null> {
    if (!order.attributedAccountId) return null;
    const items = await tx.orderItem.findMany({
      where: { orderId: order.id, affiliatePlanId: { not: null }, commissionBps: { not: null } },
      select: { unitPriceMinor: true, quantity: true, commissionBps: true, affiliatePlanId: true },
      orderBy: { id: 'asc' },
    });
    const planId = order.affiliatePlanId ?? items[0]?.affiliatePlanId;
    if (!planId) return null;
    const amountMinor = items.reduce((sum, item) => sum + percentOfMinor(item.unitPriceMinor, item.commissionBps ?? 0) * BigInt(item.quantity), 0n);
    const commission = await tx.affiliateCommission.create({
      data: {
        orderId: order.id,
        accountId: order.attributedAccountId,
        planId,
        shopId: order.shopId,
        currency: order.currency,
        amountMinor,
        status: 'EARNED',
        earnedAt,
      },
    });
    return { ...commission, orderNumber: order.number };
  }

  /** After commit: tells each commission's account holder. A lost publication loses no money: the rows stand. */
  async publish(commissions: readonly EarnedCommission[]): Promise<void> {
    try {
      for (const commission of commissions) {
        const event: CommissionEarned = {
          commissionId: commission.id,
          accountId: commission.accountId,
          shopId: commission.shopId,
          planId: commission.planId,
          orderNumber: commission.orderNumber,
          amountMinor: commission.amountMinor.toString(),
          currency: commission.currency,
          earnedAt: (commission.earnedAt ?? commission.createdAt).toISOString(),
        };
        await this.deps.events.pubSub.publish('affiliate.commissionEarned', commission.accountId, event);
      }
    } catch (error) {
      this.deps.log.warn({ err: error }, 'could not publish commission events');
    }
  }

  /** The commission events of an account, for its holder and staff; anyone else: PERMISSION_DENIED. */
  async earnedEvents(ctx: ServiceContext, accountId: string, field: FieldPath): Promise<AsyncIterable<CommissionEarned>> {
    if (ctx.viewer?.isStaff) {
      if (!(await this.deps.prisma.creatorAccount.findUnique({ where: { id: accountId }, select: { id: true } }))) throw new NotFoundError('CreatorAccount', field);
    } else {
      await this.accounts.requireHolder(ctx, accountId, field);
    }
    return this.deps.events.pubSub.subscribe('affiliate.commissionEarned', accountId);
  }
}
