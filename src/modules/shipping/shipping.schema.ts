import type { Viewer } from '../../context.ts';
import type { Prisma, ShippingTemplate } from '../../generated/prisma/client.ts';
import { defineVisibility, NOTHING, visibleById } from '../../schema/visibility.ts';
import { ShippingProvider } from '../../generated/prisma/enums.ts';
import { decodeIdOf } from '../../infra/ids.ts';
import { order } from '../../infra/pagination/keyset.ts';
import { prismaRelationKeysetConnection } from '../../schema/pagination.ts';
import { builder, signedIn } from '../../schema/builder.ts';
import { MoneyInput, MoneyRef, objectPayloads, RegionEnum } from '../../schema/common.ts';
import { AlreadyExistsError, COMMON_ERRORS } from '../../schema/errors.ts';
import { shopMembersOnly } from '../shops/shop.schema.ts';
import { SHIPPING_LIMITS } from './shipping.service.ts';

export const ShippingProviderEnum = builder.enumType(ShippingProvider, {
  name: 'ShippingProvider',
  description: 'Who carries a parcel.',
  values: {
    PLATFORM: { description: "The platform's carrier collects it from the shop." },
    SELLER: { description: 'The seller ships it with a carrier of their choice.' },
  } satisfies Record<ShippingProvider, { description: string }>,
});

builder.prismaObject('ShippingRateBand', {
  description: 'One fee of a template: parcels to `region` up to `upToGrams` cost `fee`.',
  fields: (t) => ({
    region: t.expose('region', { type: RegionEnum, description: 'The destination region.' }),
    upToGrams: t.exposeInt('upToGrams', { nullable: true, description: 'The heaviest parcel it covers, in grams; null for any weight.' }),
    fee: t.field({
      type: MoneyRef,
      description: "The fee, in the shop's currency.",
      select: { template: { select: { shop: { select: { currency: true } } } } },
      resolve: (band) => ({ minor: band.feeMinor, currency: band.template.shop.currency }),
    }),
  }),
});

/** Who may see a shipping template: members of its shop and staff. */
const templateVisibility = defineVisibility('ShippingTemplate', 'ShippingTemplate', (viewer: Viewer | null): Prisma.ShippingTemplateWhereInput => {
  if (!viewer) return NOTHING;
  return viewer.isStaff ? {} : { shop: { members: { some: { userId: viewer.userId } } } };
});

export const ShippingTemplateRef = builder.prismaNode('ShippingTemplate', {
  description:
    "How a shop charges shipping, by destination region and parcel weight. The shop's default template prices its part of every cart. Members of the shop and staff only; for anyone else it does not exist.",
  id: { field: 'id', description: 'Global id of the template.' },
  nullable: true,
  findUnique: visibleById(templateVisibility),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Its name; unique in the shop.' }),
    provider: t.expose('provider', { type: ShippingProviderEnum, description: 'Who carries the parcels.' }),
    isDefault: t.exposeBoolean('isDefault', { description: "True for the template that prices the shop's carts." }),
    bands: t.relation('bands', {
      description: 'Its fees, by region and then weight.',
      query: { orderBy: [{ region: 'asc' }, { upToGrams: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }] },
      complexity: { field: 1, multiplier: 10 },
    }),
    shop: t.relation('shop', { description: 'The shop.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it was last changed.' }),
  }),
});

const ShippingFeeRef = builder.simpleObject('ShippingFeeEstimate', {
  description: "What shipping a parcel costs with a shop's default template (or the platform default), before shipping discounts.",
  fields: (t) => ({
    provider: t.field({ type: ShippingProviderEnum, description: 'Who would carry it.' }),
    fee: t.field({ type: MoneyRef, nullable: true, description: 'The fee; null when the shop does not ship this parcel there.' }),
  }),
});

const TEMPLATES_BY_NAME = order<ShippingTemplate>('NAME', [
  ['name', 'string', 'asc'],
  ['id', 'string', 'asc'],
]);

builder.prismaObjectFields('Shop', (t) => ({
  shippingTemplates: t.connection({
    type: ShippingTemplateRef,
    nullable: true,
    description: "The shop's shipping templates, by name (`isDefault` marks the one that prices its carts). Members and staff only.",
    ...shopMembersOnly,
    resolve: (shop, args, context, info) =>
      prismaRelationKeysetConnection({
        args,
        context,
        info,
        typeName: 'ShippingTemplate',
        order: TEMPLATES_BY_NAME,
        parentId: shop.id,
        load: async (ids, query) =>
          (await context.services.prisma.shop.findMany({ where: { id: { in: ids } }, select: { id: true, shippingTemplates: query } })).map(({ id, shippingTemplates }) => ({
            id,
            rows: shippingTemplates,
          })),
      }),
  }),
  shippingFee: t.field({
    type: ShippingFeeRef,
    description: 'Public: what shipping a parcel of this weight to this region costs from this shop (the fee checkout charges before shipping discounts).',
    args: {
      region: t.arg({ type: RegionEnum, description: 'The destination region.' }),
      weightGrams: t.arg.int({ description: `The parcel's weight in grams, 1 to ${SHIPPING_LIMITS.gramsMax}.` }),
    },
    resolve: async (shop, args, context) => {
      const estimate = await context.services.shipping.feeEstimate(shop.id, args.region, args.weightGrams);
      return { provider: estimate.provider, fee: estimate.feeMinor === null ? null : { minor: estimate.feeMinor, currency: estimate.currency } };
    },
  }),
}));

const RateBandInput = builder.inputType('ShippingRateBandInput', {
  description: 'One fee: parcels to `region` up to `upToGrams` (any weight when left out) cost `fee`.',
  fields: (t) => ({
    region: t.field({ type: RegionEnum, description: 'The destination region.' }),
    upToGrams: t.int({ required: false, description: `The heaviest parcel, 1 to ${SHIPPING_LIMITS.gramsMax} grams; leave out for any weight.` }),
    fee: t.field({ type: MoneyInput, description: "The fee, in the shop's currency." }),
  }),
});

const CreateShippingTemplateInput = builder.inputType('CreateShippingTemplateInput', {
  description: 'A shipping template.',
  fields: (t) => ({
    shopId: t.id({ description: 'The shop; the viewer must be a member.' }),
    name: t.string({ description: `1 to ${SHIPPING_LIMITS.nameMax} characters, unique in the shop.` }),
    provider: t.field({ type: ShippingProviderEnum, description: 'Who carries the parcels.' }),
    bands: t.field({ type: [RateBandInput], description: `1 to ${SHIPPING_LIMITS.bands} fees; no two with the same region and weight.` }),
    isDefault: t.boolean({ required: false, description: "Make it the shop's default (true when left out; a shop's first template always is)." }),
  }),
});

const UpdateShippingTemplateInput = builder.inputType('UpdateShippingTemplateInput', {
  description: 'Changes to a template. Leave a field out to keep it.',
  fields: (t) => ({
    templateId: t.id({ description: 'The template.' }),
    name: t.string({ required: false, description: 'A new name.' }),
    provider: t.field({ type: ShippingProviderEnum, required: false, description: 'A new provider.' }),
    bands: t.field({ type: [RateBandInput], required: false, description: 'Replaces every band.' }),
    isDefault: t.boolean({ required: false, description: "true: make it the shop's default." }),
  }),
});

const DeleteShippingTemplateInput = builder.inputType('DeleteShippingTemplateInput', {
  description: 'Deletes a template; a shop left without a default uses the platform default.',
  fields: (t) => ({ templateId: t.id({ description: 'The template.' }) }),
});

const templatePayload = objectPayloads('template', ShippingTemplateRef, 'template');

const templateIdOf = (input: { templateId: string | number }) => decodeIdOf('ShippingTemplate', String(input.templateId), ['input', 'templateId']);
const withTemplate = (template: ShippingTemplate) => ({ template });

builder.mutationFields((t) => ({
  createShippingTemplate: t.field({
    type: templatePayload('CreateShippingTemplatePayload', 'The template created.'),
    description: 'Creates a shipping template (any member of the shop).',
    ...signedIn,
    args: { input: t.arg({ type: CreateShippingTemplateInput, description: 'The template.' }) },
    errors: { types: [...COMMON_ERRORS, AlreadyExistsError] },
    resolve: async (_root, { input }, context) =>
      withTemplate(await context.services.shipping.createTemplate(context, decodeIdOf('Shop', String(input.shopId), ['input', 'shopId']), input)),
  }),
  updateShippingTemplate: t.field({
    type: templatePayload('UpdateShippingTemplatePayload', 'The template edited.'),
    description: 'Edits a shipping template (any member of its shop).',
    ...signedIn,
    args: { input: t.arg({ type: UpdateShippingTemplateInput, description: 'The changes.' }) },
    errors: { types: [...COMMON_ERRORS, AlreadyExistsError] },
    resolve: async (_root, { input }, context) => withTemplate(await context.services.shipping.updateTemplate(context, templateIdOf(input), input)),
  }),
  deleteShippingTemplate: t.field({
    type: builder.simpleObject('DeleteShippingTemplatePayload', {
      description: 'The template deleted.',
      fields: (f) => ({ deletedTemplateId: f.id({ description: 'Global id of the deleted template.' }) }),
    }),
    description: 'Deletes a shipping template (any member of its shop).',
    ...signedIn,
    args: { input: t.arg({ type: DeleteShippingTemplateInput, description: 'The template.' }) },
    errors: { types: [...COMMON_ERRORS] },
    resolve: async (_root, { input }, context) => {
      await context.services.shipping.deleteTemplate(context, templateIdOf(input));
      return { deletedTemplateId: String(input.templateId) };
    },
  }),
}));
