import type { Viewer } from '../../context.ts';
import type { Prisma, Voucher } from '../../generated/prisma/client.ts';
import { defineVisibility, NOTHING, visibleById } from '../../schema/visibility.ts';
import { VoucherDiscountKind, VoucherFunder } from '../../generated/prisma/enums.ts';
import { decodeIdOf } from '../../infra/ids.ts';
import { order } from '../../infra/pagination/keyset.ts';
import { prismaKeysetConnection, prismaRelationKeysetConnection } from '../../schema/pagination.ts';
import { builder, signedIn } from '../../schema/builder.ts';
import { CurrencyCodeEnum, MoneyInput, MoneyRef, objectPayloads } from '../../schema/common.ts';
import { AlreadyExistsError, COMMON_ERRORS, InvalidStateError } from '../../schema/errors.ts';
import { optionalId } from '../catalog/catalog.schema.ts';
import { shopMembersOnly } from '../shops/shop.schema.ts';
import { PromotionStatusEnum } from './promotions.schema.ts';

const VoucherDiscountKindEnum = builder.enumType(VoucherDiscountKind, {
  name: 'VoucherDiscountKind',
  description: 'How a voucher takes money off.',
  values: {
    PERCENT: { description: 'A rate of the merchandise total, up to `maxDiscount` when set.' },
    AMOUNT: { description: 'A fixed amount (never more than the merchandise total).' },
  } satisfies Record<VoucherDiscountKind, { description: string }>,
});

const VoucherFunderEnum = builder.enumType(VoucherFunder, {
  name: 'VoucherFunder',
  description: 'Who bears the discount of a voucher.',
  values: {
    SELLER: { description: "The shop: a shop's own voucher." },
    PLATFORM: { description: 'The platform: a platform voucher, for every shop selling in its currency.' },
  } satisfies Record<VoucherFunder, { description: string }>,
});

const money = (minor: bigint | null, voucher: Voucher) => (minor === null ? null : { minor, currency: voucher.currency });

/** Who may see a voucher: members of its shop, and staff (the only ones who see platform vouchers). */
const voucherVisibility = defineVisibility('Voucher', 'Voucher', (viewer: Viewer | null): Prisma.VoucherWhereInput => {
  if (!viewer) return NOTHING;
  return viewer.isStaff ? {} : { shop: { members: { some: { userId: viewer.userId } } } };
});

export const VoucherRef = builder.prismaNode('Voucher', {
  description:
    "A code buyers enter at checkout. A shop's voucher is visible to the shop's members and staff; a platform voucher to staff. For anyone else it does not exist.",
  id: { field: 'id', description: 'Global id of the voucher.' },
  nullable: true,
  findUnique: visibleById(voucherVisibility),
  fields: (t) => ({
    code: t.exposeString('code', { description: 'The code, upper-case (buyers may type it in any case).' }),
    name: t.exposeString('name', { description: 'Its name.' }),
    shop: t.relation('shop', { nullable: true, description: "The shop whose part of a cart it applies to; null for a platform voucher." }),
    fundedBy: t.expose('fundedBy', { type: VoucherFunderEnum, description: 'Who bears the discount.' }),
    currency: t.expose('currency', { type: CurrencyCodeEnum, description: 'The currency of its amounts (the shop\'s, for a shop voucher).' }),
    discountKind: t.expose('discountKind', { type: VoucherDiscountKindEnum, description: 'PERCENT or AMOUNT.' }),
    percentOffBps: t.exposeInt('percentOffBps', { nullable: true, description: 'PERCENT: the rate in basis points.' }),
    maxDiscount: t.field({ type: MoneyRef, nullable: true, description: 'PERCENT: the most it takes off.', resolve: (v) => money(v.maxDiscountMinor, v) }),
    amountOff: t.field({ type: MoneyRef, nullable: true, description: 'AMOUNT: what it takes off.', resolve: (v) => money(v.amountOffMinor, v) }),
    minSpend: t.field({ type: MoneyRef, description: 'The merchandise total (after product discounts) it needs.', resolve: (v) => ({ minor: v.minSpendMinor, currency: v.currency }) }),
    totalLimit: t.exposeInt('totalLimit', { nullable: true, description: 'How many times it may be used in all; null for no limit.' }),
    perBuyerLimit: t.exposeInt('perBuyerLimit', { description: 'How many times one buyer may use it.' }),
    usedCount: t.exposeInt('usedCount', { description: 'How many checkouts used it (unpaid orders included; cancelled ones give their use back).' }),
    startsAt: t.expose('startsAt', { type: 'DateTime', description: 'When it becomes usable.' }),
    endsAt: t.expose('endsAt', { type: 'DateTime', description: 'When it stops being usable.' }),
    status: t.field({
      type: PromotionStatusEnum,
      description: 'Where it is now, by the clock.',
      resolve: (voucher, _args, context) => context.services.promotions.statusOf(voucher),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
  }),
});

// ─── Lists ───

const NEWEST_VOUCHERS_FIRST = order<Voucher>('NEWEST', [
  ['createdAt', 'date', 'desc'],
  ['id', 'string', 'desc'],
]);

builder.prismaObjectField('Shop', 'vouchers', (t) =>
  t.connection({
    type: VoucherRef,
    nullable: true,
    description: "The shop's vouchers, newest first. Members and staff only.",
    ...shopMembersOnly,
    resolve: (shop, args, context, info) =>
      prismaRelationKeysetConnection({
        args,
        context,
        info,
        typeName: 'Voucher',
        order: NEWEST_VOUCHERS_FIRST,
        parentId: shop.id,
        load: async (ids, query) =>
          (await context.services.prisma.shop.findMany({ where: { id: { in: ids } }, select: { id: true, vouchers: query } })).map(({ id, vouchers }) => ({ id, rows: vouchers })),
      }),
  }),
);

builder.queryField('platformVouchers', (t) =>
  t.connection({
    type: VoucherRef,
    nullable: true,
    description: 'Platform staff: the platform vouchers, newest first. Null for anyone else.',
    authScopes: { staff: true },
    unauthorizedResolver: () => null,
    resolve: (_root, args, context, info) =>
      prismaKeysetConnection({
        args,
        context,
        info,
        typeName: 'Voucher',
        order: NEWEST_VOUCHERS_FIRST,
        where: { shopId: null },
        load: (query) => context.services.prisma.voucher.findMany(query),
      }),
  }),
);

// ─── Mutations ───

const CreateVoucherInput = builder.inputType('CreateVoucherInput', {
  description: "A voucher: a shop's (any member; SELLER-funded), or a platform voucher without `shopId` (staff; PLATFORM-funded).",
  fields: (t) => ({
    shopId: t.id({ required: false, description: 'The shop; leave out for a platform voucher (staff only).' }),
    name: t.string({ description: '1 to 100 characters.' }),
    code: t.string({ description: '3 to 20 letters, digits, "-" or "_"; unique in the shop (among platform vouchers for those), case-insensitively.' }),
    discountKind: t.field({ type: VoucherDiscountKindEnum, description: 'PERCENT or AMOUNT.' }),
    percentOffBps: t.int({ required: false, description: 'PERCENT: 1 to 10000 basis points.' }),
    maxDiscount: t.field({ type: MoneyInput, required: false, description: 'PERCENT: the most it takes off (the cap).' }),
    amountOff: t.field({ type: MoneyInput, required: false, description: 'AMOUNT: what it takes off.' }),
    minSpend: t.field({ type: MoneyInput, required: false, description: 'The merchandise total it needs; 0 when left out.' }),
    totalLimit: t.int({ required: false, description: 'Uses in all, 1 to 10,000,000; no limit when left out.' }),
    perBuyerLimit: t.int({ required: false, description: 'Uses per buyer, 1 to 100; 1 when left out.' }),
    startsAt: t.field({ type: 'DateTime', required: false, description: 'When it becomes usable; now when left out.' }),
    endsAt: t.field({ type: 'DateTime', description: 'When it stops being usable.' }),
    currency: t.field({ type: CurrencyCodeEnum, required: false, description: "Platform vouchers: the currency of its amounts and of the shops it applies in. A shop voucher uses the shop's." }),
  }),
});

const UpdateVoucherInput = builder.inputType('UpdateVoucherInput', {
  description: 'Changes to a voucher that has not ended. Leave a field out to keep it.',
  fields: (t) => ({
    voucherId: t.id({ description: 'The voucher.' }),
    name: t.string({ required: false, description: 'A new name.' }),
    endsAt: t.field({ type: 'DateTime', required: false, description: 'A new end, in the future.' }),
    totalLimit: t.int({ required: false, description: 'A new total limit, never below the uses made.' }),
    perBuyerLimit: t.int({ required: false, description: 'A new per-buyer limit.' }),
  }),
});

const EndVoucherInput = builder.inputType('EndVoucherInput', {
  description: 'Ends a usable voucher now, or cancels one that has not started.',
  fields: (t) => ({ voucherId: t.id({ description: 'The voucher.' }) }),
});

const voucherPayload = objectPayloads('voucher', VoucherRef, 'voucher');

const voucherIdOf = (input: { voucherId: string | number }) => decodeIdOf('Voucher', String(input.voucherId), ['input', 'voucherId']);
const withVoucher = (voucher: Voucher) => ({ voucher });

builder.mutationFields((t) => ({
  createVoucher: t.field({
    type: voucherPayload('CreateVoucherPayload', 'The voucher created.'),
    description: "Creates a shop's voucher (any member) or a platform voucher (staff).",
    ...signedIn,
    args: { input: t.arg({ type: CreateVoucherInput, description: 'The voucher.' }) },
    errors: { types: [...COMMON_ERRORS, AlreadyExistsError] },
    resolve: async (_root, { input }, context) =>
      withVoucher(await context.services.vouchers.createVoucher(context, optionalId('Shop', input.shopId, ['input', 'shopId']), input)),
  }),
  updateVoucher: t.field({
    type: voucherPayload('UpdateVoucherPayload', 'The voucher edited.'),
    description: 'Edits a voucher that has not ended.',
    ...signedIn,
    args: { input: t.arg({ type: UpdateVoucherInput, description: 'The changes.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError] },
    resolve: async (_root, { input }, context) => withVoucher(await context.services.vouchers.updateVoucher(context, voucherIdOf(input), input)),
  }),
  endVoucher: t.field({
    type: voucherPayload('EndVoucherPayload', 'The voucher, ENDED or CANCELLED.'),
    description: 'Ends a usable voucher now (ENDED), or cancels one that has not started (CANCELLED).',
    ...signedIn,
    args: { input: t.arg({ type: EndVoucherInput, description: 'The voucher.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError] },
    resolve: async (_root, { input }, context) => withVoucher(await context.services.vouchers.endVoucher(context, voucherIdOf(input))),
  }),
}));
