import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { CurrencyCode } from '../../generated/prisma/enums.ts';
import type { Prisma, ShippingTemplate } from '../../generated/prisma/client.ts';
import { Region, ShippingProvider } from '../../generated/prisma/enums.ts';
import { lockRow } from '../../infra/database/locks.ts';
import { AlreadyExistsError, isUniqueViolation, NotFoundError, ValidationError } from '../../infra/errors.ts';
import { parseMinor } from '../../infra/money.ts';
import { parseInput } from '../../infra/validation.ts';
import type { Dependencies } from '../../services.ts';
import { ALL_ROLES, type ShopService } from '../shops/shop.service.ts';
import { publishTemplatesChanged } from './shipping.events.ts';
import { shopShippingFee } from './shipping.rules.ts';

export const SHIPPING_LIMITS = { nameMax: 60, bands: 100, gramsMax: 1_000_000 } as const;

const bandInput = z.object({
  region: z.enum(Region),
  upToGrams: z.number().int('Must be a whole number of grams').min(1, 'Must be at least 1').max(SHIPPING_LIMITS.gramsMax, `Must be at most ${SHIPPING_LIMITS.gramsMax}`).nullish(),
  fee: z.object({ amount: z.string() }),
});

const bandsInput = z
  .array(bandInput)
  .min(1, 'A template needs at least one band')
  .max(SHIPPING_LIMITS.bands, `At most ${SHIPPING_LIMITS.bands} bands`)
  .superRefine((bands, issues) => {
    const seen = new Set<string>();
    bands.forEach((band, index) => {
      const key = `${band.region}:${band.upToGrams ?? 'any'}`;
      if (seen.has(key)) issues.addIssue({ code: 'custom', path: [index, 'upToGrams'], message: 'Another band has this region and weight' });
      seen.add(key);
    });
  });

const name = z
  .string()
  .trim()
  .min(1, 'Must not be empty')
  .max(SHIPPING_LIMITS.nameMax, `Must be at most ${SHIPPING_LIMITS.nameMax} characters`)
  .refine((value) => !value.includes('\u0000'), 'Must not contain NUL characters');

const templateInput = z.object({ name, provider: z.enum(ShippingProvider), bands: bandsInput, isDefault: z.boolean().default(true) });
const updateTemplateInput = z.object({
  name: name.nullish(),
  provider: z.enum(ShippingProvider).nullish(),
  bands: bandsInput.nullish(),
  isDefault: z.literal(true, 'A template stops being the default when another one becomes it').nullish(),
});

/**
 * Shipping templates: how a shop charges shipping, by destination region and parcel weight, shipped by
 * the platform's carrier or by the seller. Any member of the shop manages them. A shop's default
 * template prices its part of every cart (the promotion engine reads it at checkout); at most one is the
 * default, kept so under the shop's row lock; the first template becomes the default. A shop without a
 * default uses the platform default (shipping.rules.ts).
 */
export class ShippingService {
  constructor(
    private readonly deps: Dependencies,
    private readonly shops: ShopService,
  ) {}

  async createTemplate(ctx: ServiceContext, shopId: string, rawInput: unknown): Promise<ShippingTemplate> {
    const shop = await this.shops.requireRole(ctx, shopId, ALL_ROLES);
    const input = parseInput(templateInput, rawInput);
    const bands = toBands(input.bands, shop.currency);
    const created = await this.write(input.name, async (tx) => {
      await lockRow(tx, 'Shop', shopId);
      const hasDefault = (await tx.shippingTemplate.count({ where: { shopId, isDefault: true } })) > 0;
      const isDefault = input.isDefault || !hasDefault;
      if (isDefault) await tx.shippingTemplate.updateMany({ where: { shopId, isDefault: true }, data: { isDefault: false } });
      return tx.shippingTemplate.create({ data: { shopId, name: input.name, provider: input.provider, isDefault, bands: { create: bands } } });
    });
    await publishTemplatesChanged(this.deps, shopId);
    return created;
  }

  /** Edits a template; `bands` replaces them all; `isDefault: true` makes it the shop's default. */
  async updateTemplate(ctx: ServiceContext, templateId: string, rawInput: unknown): Promise<ShippingTemplate> {
    const { template, currency } = await this.requireManaged(ctx, templateId);
    const input = parseInput(updateTemplateInput, rawInput);
    const bands = input.bands ? toBands(input.bands, currency) : null;
    const updated = await this.write(input.name ?? template.name, async (tx) => {
      await lockRow(tx, 'Shop', template.shopId);
      if (input.isDefault) {
        await tx.shippingTemplate.updateMany({ where: { shopId: template.shopId, isDefault: true }, data: { isDefault: false } });
      }
      if (bands) await tx.shippingRateBand.deleteMany({ where: { templateId } });
      return tx.shippingTemplate.update({
        where: { id: templateId },
        data: {
          ...(input.name ? { name: input.name } : {}),
          ...(input.provider ? { provider: input.provider } : {}),
          ...(input.isDefault ? { isDefault: true } : {}),
          ...(bands ? { bands: { create: bands } } : {}),
        },
      });
    });
    await publishTemplatesChanged(this.deps, template.shopId);
    return updated;
  }

  /** Deletes a template; if it was the default, the shop falls back to the platform default. */
  async deleteTemplate(ctx: ServiceContext, templateId: string): Promise<ShippingTemplate> {
    const { template } = await this.requireManaged(ctx, templateId);
    await this.deps.prisma.shippingTemplate.deleteMany({ where: { id: templateId } });
    await publishTemplatesChanged(this.deps, template.shopId);
    return template;
  }

  /**
   * What shipping a parcel of `weightGrams` to `region` costs with the shop's default template (or the
   * platform default), before discounts: the fee checkout charges. Public, for product pages.
   */
  async feeEstimate(shopId: string, region: Region, weightGrams: number): Promise<{ provider: ShippingProvider; feeMinor: bigint | null; currency: CurrencyCode }> {
    if (!Number.isInteger(weightGrams) || weightGrams < 1 || weightGrams > SHIPPING_LIMITS.gramsMax) {
      throw ValidationError.single(['weightGrams'], `Must be a whole number of grams from 1 to ${SHIPPING_LIMITS.gramsMax}`);
    }
    const shop = await this.deps.prisma.shop.findUnique({
      where: { id: shopId },
      select: { currency: true, shippingTemplates: { where: { isDefault: true }, select: { provider: true, bands: true } } },
    });
    if (!shop) throw new NotFoundError('Shop', ['shopId']);
    return { ...shopShippingFee(shop.shippingTemplates[0], shop.currency, region, weightGrams), currency: shop.currency };
  }

  private async requireManaged(ctx: ServiceContext, templateId: string) {
    const template = await this.deps.prisma.shippingTemplate.findUnique({ where: { id: templateId } });
    if (!template) throw new NotFoundError('ShippingTemplate', ['input', 'templateId']);
    const shop = await this.shops.requireRoleFor(ctx, template.shopId, ALL_ROLES, 'ShippingTemplate', ['input', 'templateId']);
    return { template, currency: shop.currency };
  }

  /** Runs a template write in a transaction; a name taken in the shop is a typed ALREADY_EXISTS. */
  private async write(templateName: string, work: (tx: Prisma.TransactionClient) => Promise<ShippingTemplate>): Promise<ShippingTemplate> {
    try {
      return await this.deps.prisma.$transaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError(`The shop has a template named "${templateName}" already`, ['input', 'name']);
      throw error;
    }
  }
}

function toBands(bands: z.output<typeof bandsInput>, currency: CurrencyCode) {
  return bands.map((band, index) => ({
    region: band.region,
    upToGrams: band.upToGrams ?? null,
    feeMinor: parseMinor(band.fee.amount, currency, ['input', 'bands', String(index), 'fee', 'amount']),
  }));
}
