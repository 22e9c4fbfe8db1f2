import { z } from 'zod';
import { requireViewer, type ServiceContext } from '../../context.ts';
import type { AccountLink, Prisma } from '../../generated/prisma/client.ts';
import type { LinkParty } from '../../generated/prisma/enums.ts';
import { lockRow } from '../../infra/database/locks.ts';
import { AlreadyExistsError, InvalidStateError, NotFoundError, PermissionDeniedError } from '../../infra/errors.ts';
import { parseInput } from '../../infra/validation.ts';
import { publishShowcaseChanged } from './account.events.ts';
import type { Dependencies } from '../../services.ts';
import { MANAGER_ROLES, type ShopService } from '../shops/shop.service.ts';
import type { CreatorAccountService } from './account.service.ts';
import { type AccountLinkFacts, assertLinkAllowed, assertOfficialRevocable, type ShopLinkFacts } from './link.rules.ts';

const requestInput = z.object({
  accountHandle: z.string().trim().min(1, 'Must not be empty').max(40, 'Must be at most 40 characters'),
  role: z.enum(['OFFICIAL', 'MARKETING']),
});

const DAY_MS = 86_400_000;

/**
 * Links of creator accounts to shops as OFFICIAL or MARKETING account (SPEC §5): the shop asks, the
 * holder confirms or declines, either side revokes. Every change that a rule depends on runs in a
 * transaction holding the row locks of the account and then of the shop, and reads the facts the rules
 * need after taking them, so two confirmations racing for the last slot are decided one after the other.
 */
export class LinkService {
  constructor(
    private readonly deps: Dependencies,
    private readonly shops: ShopService,
    private readonly accounts: CreatorAccountService,
  ) {}

  /** A shop OWNER or ADMIN asks a creator account (by handle) to become its OFFICIAL or MARKETING account. */
  async request(ctx: ServiceContext, shopId: string, rawInput: unknown): Promise<AccountLink> {
    await this.shops.requireRole(ctx, shopId, MANAGER_ROLES);
    const input = parseInput(requestInput, rawInput);
    const account = await this.accounts.findByHandle(input.accountHandle, ['input', 'accountHandle']);
    const requestedById = requireViewer(ctx);
    return this.deps.prisma.$transaction(async (tx) => {
      await lockRow(tx, 'CreatorAccount', account.id);
      await lockRow(tx, 'Shop', shopId);
      const open = await tx.accountLink.findFirst({
        where: { shopId, accountId: account.id, status: { in: ['PENDING', 'ACTIVE'] } },
        select: { status: true, role: true },
      });
      if (open) {
        throw new AlreadyExistsError(`@${account.handle} is ${open.status === 'ACTIVE' ? 'linked to' : 'asked by'} this shop already, as ${open.role}`, [
          'input',
          'accountHandle',
        ]);
      }
      const now = this.deps.clock.now();
      assertLinkAllowed(input.role, shopId, await this.accountFacts(tx, account.id, now), await shopFacts(tx, shopId), this.deps.config);
      return tx.accountLink.create({ data: { shopId, accountId: account.id, role: input.role, requestedById } });
    });
  }

  /** The holder accepts a PENDING request; the rules are checked again, under the locks. */
  async confirm(ctx: ServiceContext, linkId: string): Promise<AccountLink> {
    const link = await this.linkForHolder(ctx, linkId);
    const confirmed = await this.deps.prisma.$transaction(async (tx) => {
      await lockRow(tx, 'CreatorAccount', link.accountId);
      await lockRow(tx, 'Shop', link.shopId);
      const current = await tx.accountLink.findUniqueOrThrow({ where: { id: linkId } });
      if (current.status !== 'PENDING') throw new InvalidStateError(`The request is ${current.status}; only a PENDING one can be confirmed`, current.status);
      const now = this.deps.clock.now();
      assertLinkAllowed(current.role, current.shopId, await this.accountFacts(tx, current.accountId, now), await shopFacts(tx, current.shopId), this.deps.config);
      return tx.accountLink.update({ where: { id: linkId }, data: { status: 'ACTIVE', respondedAt: now, activatedAt: now } });
    });
    await publishShowcaseChanged(this.deps, confirmed.accountId);
    return confirmed;
  }

  /** The holder turns a PENDING request down. */
  async decline(ctx: ServiceContext, linkId: string): Promise<AccountLink> {
    await this.linkForHolder(ctx, linkId);
    const [declined] = await this.deps.prisma.accountLink.updateManyAndReturn({
      where: { id: linkId, status: 'PENDING' },
      data: { status: 'DECLINED', respondedAt: this.deps.clock.now() },
    });
    if (declined) return declined;
    const current = await this.deps.prisma.accountLink.findUniqueOrThrow({ where: { id: linkId } });
    throw new InvalidStateError(`The request is ${current.status}; only a PENDING one can be declined`, current.status);
  }

  /**
   * Ends a PENDING or ACTIVE link, by the holder or a shop OWNER/ADMIN. An ACTIVE official link must have
   * been active for the configured hours, and a shop may revoke official links a limited number of
   * times. What the link put in the account's showcase leaves with it.
   */
  async revoke(ctx: ServiceContext, linkId: string): Promise<AccountLink> {
    const { link, party } = await this.linkForEitherSide(ctx, linkId);
    const revoked = await this.deps.prisma.$transaction(async (tx) => {
      await lockRow(tx, 'CreatorAccount', link.accountId);
      await lockRow(tx, 'Shop', link.shopId);
      const current = await tx.accountLink.findUniqueOrThrow({ where: { id: linkId } });
      if (current.status !== 'PENDING' && current.status !== 'ACTIVE') {
        throw new InvalidStateError(`The link is ${current.status} already`, current.status);
      }
      const now = this.deps.clock.now();
      if (current.status === 'ACTIVE' && current.role === 'OFFICIAL' && current.activatedAt) {
        const revokedBefore = await tx.accountLink.count({
          where: { shopId: current.shopId, role: 'OFFICIAL', status: 'REVOKED', activatedAt: { not: null } },
        });
        assertOfficialRevocable(current.activatedAt, now, revokedBefore, this.deps.config);
      }
      await tx.showcaseItem.deleteMany({ where: { linkId } });
      return tx.accountLink.update({ where: { id: linkId }, data: { status: 'REVOKED', revokedAt: now, revokedBy: party } });
    });
    await publishShowcaseChanged(this.deps, revoked.accountId);
    return revoked;
  }

  /**
   * What the link rules need to know about an account. Call it inside a transaction that holds the
   * account's row lock, so that the answer stays true until the transaction commits.
   */
  async accountFacts(tx: Prisma.TransactionClient, accountId: string, now: Date): Promise<AccountLinkFacts> {
    const windowStart = new Date(now.getTime() - this.deps.config.MARKETING_LINK_WINDOW_DAYS * DAY_MS);
    const [activeLinks, joined, recentMarketingLinks] = await Promise.all([
      tx.accountLink.findMany({ where: { accountId, status: 'ACTIVE' }, select: { shopId: true, role: true } }),
      tx.affiliatePlanParticipant.findMany({ where: { accountId, status: 'JOINED' }, select: { plan: { select: { shopId: true } } } }),
      tx.accountLink.count({ where: { accountId, role: 'MARKETING', activatedAt: { gte: windowStart } } }),
    ]);
    return { activeLinks, affiliateShopIds: [...new Set(joined.map((row) => row.plan.shopId))], recentMarketingLinks };
  }

  /** A link the viewer holds the account of; others who can see it (the shop) are denied, the rest: not found. */
  private async linkForHolder(ctx: ServiceContext, linkId: string): Promise<AccountLink> {
    const { link, party } = await this.linkForEitherSide(ctx, linkId);
    if (party !== 'ACCOUNT') throw new PermissionDeniedError('Only the holder of the account can answer a link request');
    return link;
  }

  /** A link and which side the viewer is on: the account's holder, or a shop OWNER/ADMIN. */
  private async linkForEitherSide(ctx: ServiceContext, linkId: string): Promise<{ link: AccountLink; party: LinkParty }> {
    const userId = requireViewer(ctx);
    const link = await this.deps.prisma.accountLink.findUnique({
      where: { id: linkId },
      include: { account: { select: { userId: true } }, shop: { select: { members: { where: { userId }, select: { role: true } } } } },
    });
    if (!link) throw new NotFoundError('AccountLink', ['input', 'linkId']);
    const { account, shop, ...row } = link;
    if (account.userId === userId) return { link: row, party: 'ACCOUNT' };
    const role = shop.members[0]?.role;
    if (!role) throw new NotFoundError('AccountLink', ['input', 'linkId']);
    if (!MANAGER_ROLES.includes(role)) throw new PermissionDeniedError(`This needs the OWNER or ADMIN role in the shop; you are ${role}`);
    return { link: row, party: 'SHOP' };
  }
}

async function shopFacts(tx: Prisma.TransactionClient, shopId: string): Promise<ShopLinkFacts> {
  const counts = await tx.accountLink.groupBy({ by: ['role'], where: { shopId, status: 'ACTIVE' }, _count: { _all: true } });
  const count = (role: string) => counts.find((row) => row.role === role)?._count._all ?? 0;
  return { activeOfficial: count('OFFICIAL'), activeMarketing: count('MARKETING') };
}
