import { z } from 'zod';
import { requireStaff, type ServiceContext } from '../../context.ts';
import type { Voucher } from '../../generated/prisma/client.ts';
import { CurrencyCode } from '../../generated/prisma/enums.ts';
import { AlreadyExistsError, InvalidStateError, isUniqueViolation, NotFoundError, ValidationError } from '../../infra/errors.ts';
import { parseMinor } from '../../infra/money.ts';
import { parseInput } from '../../infra/validation.ts';
import type { Dependencies } from '../../services.ts';
import { ALL_ROLES, type ShopService } from '../shops/shop.service.ts';
import { effectiveStatus, endingOf, LIVE_STATUSES, normaliseVoucherCode } from './promotion.rules.ts';
import { checkEditedWindow, checkWindow, promotionName } from './promotion.service.ts';

/** The scope of platform vouchers' codes (a shop voucher's scope is its shop id). */
export const PLATFORM_SCOPE = 'PLATFORM';

const VOUCHER_LIMITS = { codeMin: 3, codeMax: 20, totalMax: 10_000_000, perBuyerMax: 100 } as const;

const code = z
  .string()
  .transform(normaliseVoucherCode)
  .pipe(
    z
      .string()
      .min(VOUCHER_LIMITS.codeMin, `Must be at least ${VOUCHER_LIMITS.codeMin} characters`)
      .max(VOUCHER_LIMITS.codeMax, `Must be at most ${VOUCHER_LIMITS.codeMax} characters`)
      .regex(/^[A-Z0-9_-]+$/, 'Use letters, digits, "-" and "_" only'),
  );
const moneyInput = z.object({ amount: z.string() });
const limit = (max: number) => z.number().int('Must be a whole number').min(1, 'Must be at least 1').max(max, `Must be at most ${max}`);

const voucherInput = z
  .object({
    name: promotionName,
    code,
    discountKind: z.enum(['PERCENT', 'AMOUNT']),
    percentOffBps: z.number().int('Must be a whole number of basis points').min(1, 'Must be at least 1').max(10_000, 'Must be at most 10000').nullish(),
    maxDiscount: moneyInput.nullish(),
    amountOff: moneyInput.nullish(),
    minSpend: moneyInput.nullish(),
    totalLimit: limit(VOUCHER_LIMITS.totalMax).nullish(),
    perBuyerLimit: limit(VOUCHER_LIMITS.perBuyerMax).default(1),
    startsAt: z.date().nullish(),
    endsAt: z.date(),
    currency: z.enum(CurrencyCode).nullish(),
  })
  .superRefine((input, issues) => {
    const add = (path: string, message: string) => issues.addIssue({ code: 'custom', path: [path], message });
    if (input.discountKind === 'PERCENT') {
      if ((input.percentOffBps ?? null) === null) add('percentOffBps', 'A PERCENT voucher needs percentOffBps');
      if (input.amountOff) add('amountOff', 'A PERCENT voucher takes no amountOff');
    } else {
      if (!input.amountOff) add('amountOff', 'An AMOUNT voucher needs amountOff');
      if ((input.percentOffBps ?? null) !== null) add('percentOffBps', 'An AMOUNT voucher takes no percentOffBps');
      if (input.maxDiscount) add('maxDiscount', 'An AMOUNT voucher takes no cap: its amount is the most it takes off');
    }
  });

const updateVoucherInput = z.object({
  name: promotionName.nullish(),
  endsAt: z.date().nullish(),
  totalLimit: limit(VOUCHER_LIMITS.totalMax).nullish(),
  perBuyerLimit: limit(VOUCHER_LIMITS.perBuyerMax).nullish(),
});

/**
 * Vouchers: codes buyers enter at checkout. A shop's members create SELLER-funded vouchers for their
 * shop; platform staff create PLATFORM-funded vouchers that apply across shops in one currency. Codes
 * are unique per shop (and among platform vouchers), case-insensitively: a race between two creations
 * of one code ends in one voucher and a typed ALREADY_EXISTS. A voucher that is not the viewer's reads
 * as not found. Quoting and reserving uses happen in the promotion engine (promotion-pricing.ts).
 */
export class VoucherService {
  constructor(
    private readonly deps: Dependencies,
    private readonly shops: ShopService,
  ) {}

  /** Creates a voucher: for `shopId` (a member, SELLER-funded), or a platform voucher when `shopId` is null (staff). */
  async createVoucher(ctx: ServiceContext, shopId: string | null, rawInput: unknown): Promise<Voucher> {
    const shop = shopId ? await this.shops.requireRole(ctx, shopId, ALL_ROLES) : null;
    const userId = shop ? (ctx.viewer?.userId ?? null) : requireStaff(ctx);
    const input = parseInput(voucherInput, rawInput);
    if (shop && input.currency && input.currency !== shop.currency) {
      throw ValidationError.single(['input', 'currency'], `The shop sells in ${shop.currency}`);
    }
    const currency = shop?.currency ?? input.currency;
    if (!currency) throw ValidationError.single(['input', 'currency'], 'A platform voucher needs a currency');
    const money = (value: { amount: string } | null | undefined, field: string) =>
      value ? parseMinor(value.amount, currency, ['input', field, 'amount']) : null;
    const amountOffMinor = money(input.amountOff, 'amountOff');
    const maxDiscountMinor = money(input.maxDiscount, 'maxDiscount');
    if (amountOffMinor === 0n) throw ValidationError.single(['input', 'amountOff', 'amount'], 'Must be more than 0');
    if (maxDiscountMinor === 0n) throw ValidationError.single(['input', 'maxDiscount', 'amount'], 'Must be more than 0');
    const now = this.deps.clock.now();
    const startsAt = checkWindow(input.startsAt, input.endsAt, now);
    try {
      const voucher = await this.deps.prisma.voucher.create({
        data: {
          shopId,
          codeScope: shopId ?? PLATFORM_SCOPE,
          fundedBy: shopId ? 'SELLER' : 'PLATFORM',
          currency,
          name: input.name,
          code: input.code,
          discountKind: input.discountKind,
          percentOffBps: input.percentOffBps ?? null,
          amountOffMinor,
          maxDiscountMinor,
          minSpendMinor: money(input.minSpend, 'minSpend') ?? 0n,
          totalLimit: input.totalLimit ?? null,
          perBuyerLimit: input.perBuyerLimit,
          startsAt,
          endsAt: input.endsAt,
          status: startsAt <= now ? 'ACTIVE' : 'SCHEDULED',
          createdById: userId,
        },
      });
      ctx.log.info({ voucherId: voucher.id, shopId }, 'voucher created');
      return voucher;
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError(`The code ${input.code} is taken`, ['input', 'code']);
      throw error;
    }
  }

  /**
   * Edits a voucher that has not ended: name, end, per-buyer limit, and the total limit, never below the
   * uses made (a conditional update).
   */
  async updateVoucher(ctx: ServiceContext, voucherId: string, rawInput: unknown): Promise<Voucher> {
    const voucher = await this.requireManaged(ctx, voucherId);
    const input = parseInput(updateVoucherInput, rawInput);
    const now = this.deps.clock.now();
    const status = effectiveStatus(voucher, now);
    if (status === 'ENDED' || status === 'CANCELLED') throw new InvalidStateError(`The voucher is ${status}`, status);
    const { endsAt } = checkEditedWindow(voucher, { endsAt: input.endsAt }, now);
    const totalLimit = input.totalLimit ?? null;
    const updated = await this.deps.prisma.voucher.updateMany({
      where: { id: voucherId, status: { in: [...LIVE_STATUSES] }, ...(totalLimit !== null ? { usedCount: { lte: totalLimit } } : {}) },
      data: {
        ...(input.name ? { name: input.name } : {}),
        endsAt,
        ...(totalLimit !== null ? { totalLimit } : {}),
        ...(input.perBuyerLimit ? { perBuyerLimit: input.perBuyerLimit } : {}),
      },
    });
    const after = await this.deps.prisma.voucher.findUniqueOrThrow({ where: { id: voucherId } });
    if (updated.count === 0) {
      if (totalLimit !== null && after.usedCount > totalLimit) {
        throw ValidationError.single(['input', 'totalLimit'], `It has been used ${after.usedCount} times: the limit cannot be lower`);
      }
      throw new InvalidStateError(`The voucher is ${after.status}`, after.status);
    }
    return after;
  }

  /** Ends a usable voucher now (ENDED), or cancels one that has not started (CANCELLED). */
  async endVoucher(ctx: ServiceContext, voucherId: string): Promise<Voucher> {
    const voucher = await this.requireManaged(ctx, voucherId);
    const data = endingOf(voucher, this.deps.clock.now(), 'voucher');
    const updated = await this.deps.prisma.voucher.updateMany({ where: { id: voucherId, status: { in: [...LIVE_STATUSES] } }, data });
    const after = await this.deps.prisma.voucher.findUniqueOrThrow({ where: { id: voucherId } });
    if (updated.count === 0) throw new InvalidStateError(`The voucher is ${after.status} already`, after.status);
    return after;
  }

  /** The voucher, when the viewer may manage it (a member of its shop; staff for a platform voucher). */
  private async requireManaged(ctx: ServiceContext, voucherId: string): Promise<Voucher> {
    const voucher = await this.deps.prisma.voucher.findUnique({ where: { id: voucherId } });
    const notFound = () => new NotFoundError('Voucher', ['input', 'voucherId']);
    if (!voucher) throw notFound();
    if (voucher.shopId === null) {
      if (!ctx.viewer?.isStaff) throw notFound();
      return voucher;
    }
    await this.shops.requireRoleFor(ctx, voucher.shopId, ALL_ROLES, 'Voucher', ['input', 'voucherId']);
    return voucher;
  }
}
