import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { createAccount } from '../accounts/helpers.ts';
import type { TestUser } from '../support/fixtures.ts';
import { createTemplate, engineOf, expectTypename, pricedProduct, type PromoWorld, quoteRequest, startPromoWorld } from '../promotions/helpers.ts';

const ShippingFee = graphql(`
  query ShippingFee($shopId: ID!, $region: Region!, $weightGrams: Int!) {
    node(id: $shopId) {
      ... on Shop { shippingFee(region: $region, weightGrams: $weightGrams) { provider fee { amount currencyCode } } }
    }
  }
`);

const Templates = graphql(`
  query ShippingTemplates($shopId: ID!, $templateId: ID!) {
    shop: node(id: $shopId) { ... on Shop { shippingTemplates(first: 10) { edges { node { id name isDefault } } } } }
    template: node(id: $templateId) { ... on ShippingTemplate { id name provider } }
  }
`);

const UpdateTemplate = graphql(`
  mutation ShippingUpdateTemplate($input: UpdateShippingTemplateInput!) {
    updateShippingTemplate(input: $input) {
      __typename
      ... on UpdateShippingTemplatePayload { template { id isDefault bands { region upToGrams fee { amount } } } }
      ... on UserError { code message field }
    }
  }
`);

const DeleteTemplate = graphql(`
  mutation ShippingDeleteTemplate($input: DeleteShippingTemplateInput!) {
    deleteShippingTemplate(input: $input) {
      __typename
      ... on DeleteShippingTemplatePayload { deletedTemplateId }
      ... on UserError { code message field }
    }
  }
`);

describe('shipping templates', () => {
  let world: PromoWorld;
  let creator: TestUser;

  beforeAll(async () => {
    world = await startPromoWorld();
    creator = (await createAccount(world.server)).holder;
  });

  afterAll(async () => {
    await world?.server.close();
  });

  const fee = async (shopId: string, region: 'ID' | 'SG', weightGrams: number) => {
    const result = await world.server.client.request(ShippingFee, { shopId, region, weightGrams });
    return result.errors ? result.errors[0]?.extensions?.code : (result.data?.node as { shippingFee: unknown }).shippingFee;
  };

  it('a shop without a template ships with the platform carrier at the default fee per started kilogram', async () => {
    expect(await fee(world.otherShop.shopId, 'ID', 1)).toEqual({ provider: 'PLATFORM', fee: { amount: '10000.00', currencyCode: 'IDR' } });
    expect(await fee(world.otherShop.shopId, 'SG', 2001)).toEqual({ provider: 'PLATFORM', fee: { amount: '30000.00', currencyCode: 'IDR' } });
    expect(await fee(world.otherShop.shopId, 'ID', 0)).toBe('VALIDATION_FAILED');
  });

  it('charges the tightest weight band of the destination; no band, no shipping; the first template is the default', async () => {
    const shop = world.seller;
    const template = expectTypename(
      await createTemplate(world.operator, {
        shopId: shop.shopId,
        provider: 'SELLER',
        isDefault: false,
        bands: [
          { region: 'ID', upToGrams: 1000, fee: { amount: '9000.00' } },
          { region: 'ID', upToGrams: 5000, fee: { amount: '15000.00' } },
          { region: 'ID', fee: { amount: '40000.00' } },
          { region: 'SG', upToGrams: 2000, fee: { amount: '90000.00' } },
        ],
      }),
      'CreateShippingTemplatePayload',
    ).template;
    expect(template).toMatchObject({ provider: 'SELLER', isDefault: true });
    expect(await fee(shop.shopId, 'ID', 1000)).toMatchObject({ provider: 'SELLER', fee: { amount: '9000.00' } });
    expect(await fee(shop.shopId, 'ID', 1001)).toMatchObject({ fee: { amount: '15000.00' } });
    expect(await fee(shop.shopId, 'ID', 900_000)).toMatchObject({ fee: { amount: '40000.00' } });
    expect(await fee(shop.shopId, 'SG', 2500)).toMatchObject({ fee: null });

    // Checkout charges the same: 3 × 400 g = 1.2 kg.
    const { skuIds } = await pricedProduct(shop, world.categoryId, ['1000.00'], 10, 400);
    const [quote] = await engineOf(world.server).quote(world.server.running.services.prisma, quoteRequest(world.buyer, [[skuIds[0] as string, 3]]));
    expect(quote).toMatchObject({ shippingProvider: 'SELLER', shippingMinor: 1_500_000n });

    // A second template made the default takes over; deleting it falls back to the platform default.
    const express = expectTypename(
      await createTemplate(world.seller.owner, { shopId: shop.shopId, name: 'Express', provider: 'PLATFORM', bands: [{ region: 'ID', fee: { amount: '25000.00' } }] }),
      'CreateShippingTemplatePayload',
    ).template;
    expect(await fee(shop.shopId, 'ID', 100)).toMatchObject({ provider: 'PLATFORM', fee: { amount: '25000.00' } });
    const lists = await world.operator.client.request(Templates, { shopId: shop.shopId, templateId: template?.id as string });
    expect((lists.data?.shop as { shippingTemplates: { edges: Array<{ node: { name: string; isDefault: boolean } }> } }).shippingTemplates.edges.map(({ node }) => [node.name, node.isDefault])).toEqual([
      ['Express', true],
      [template?.name, false],
    ]);
    const back = await world.operator.client.request(UpdateTemplate, { input: { templateId: template?.id as string, isDefault: true, bands: [{ region: 'ID', fee: { amount: '7000.00' } }] } });
    expect(expectTypename(back.data?.updateShippingTemplate, 'UpdateShippingTemplatePayload').template).toMatchObject({ isDefault: true, bands: [{ region: 'ID', upToGrams: null, fee: { amount: '7000.00' } }] });
    expect(await fee(shop.shopId, 'ID', 100)).toMatchObject({ provider: 'SELLER', fee: { amount: '7000.00' } });
    const deleted = await world.seller.owner.client.request(DeleteTemplate, { input: { templateId: template?.id as string } });
    expectTypename(deleted.data?.deleteShippingTemplate, 'DeleteShippingTemplatePayload');
    expect(await fee(shop.shopId, 'ID', 100)).toMatchObject({ provider: 'PLATFORM', fee: { amount: '10000.00' } });
    await world.seller.owner.client.request(DeleteTemplate, { input: { templateId: express?.id as string } });
  });

  it('validates bands and names', async () => {
    const input = { shopId: world.seller.shopId, provider: 'SELLER' as const, bands: [{ region: 'ID' as const, fee: { amount: '1.00' } }] };
    expect(await createTemplate(world.seller.owner, { ...input, bands: [] })).toMatchObject({ __typename: 'ValidationError', field: ['input', 'bands'] });
    expect(await createTemplate(world.seller.owner, { ...input, bands: [...input.bands, ...input.bands] })).toMatchObject({ __typename: 'ValidationError', field: ['input', 'bands', '1', 'upToGrams'] });
    expect(await createTemplate(world.seller.owner, { ...input, bands: [{ region: 'ID', upToGrams: 0, fee: { amount: '1.00' } }] })).toMatchObject({ field: ['input', 'bands', '0', 'upToGrams'] });
    expect(await createTemplate(world.seller.owner, { ...input, bands: [{ region: 'ID', fee: { amount: '1.005' } }] })).toMatchObject({ field: ['input', 'bands', '0', 'fee', 'amount'] });
    expect(await createTemplate(world.seller.owner, { ...input, name: ' ' })).toMatchObject({ field: ['input', 'name'] });
    expectTypename(await createTemplate(world.seller.owner, { ...input, name: 'Standard' }), 'CreateShippingTemplatePayload');
    expect(await createTemplate(world.seller.owner, { ...input, name: 'Standard' })).toMatchObject({ __typename: 'AlreadyExistsError', field: ['input', 'name'] });
  });

  it('templates are for members of the shop and staff; anyone else finds nothing', async () => {
    const template = expectTypename(
      await createTemplate(world.seller.owner, { shopId: world.seller.shopId, provider: 'SELLER', bands: [{ region: 'ID', fee: { amount: '5000.00' } }] }),
      'CreateShippingTemplatePayload',
    ).template?.id as string;
    const viewers = { anonymous: { client: world.server.client }, buyer: world.buyer, creator, otherShop: world.otherShop.owner, operator: world.operator, owner: world.seller.owner, staff: world.staff };
    const seen: Record<string, unknown> = {};
    for (const [name, viewer] of Object.entries(viewers)) {
      const read = await viewer.client.request(Templates, { shopId: world.seller.shopId, templateId: template });
      const write = await viewer.client.request(UpdateTemplate, { input: { templateId: template, provider: 'SELLER' } });
      seen[name] = [
        read.data?.template ? 'template' : null,
        (read.data?.shop as { shippingTemplates: unknown } | null)?.shippingTemplates ? 'list' : null,
        write.errors ? write.errors[0]?.extensions?.code : ((write.data?.updateShippingTemplate as { code?: string })?.code ?? 'ok'),
      ];
    }
    expect(seen).toEqual({
      anonymous: [null, null, 'UNAUTHENTICATED'],
      buyer: [null, null, 'NOT_FOUND'],
      creator: [null, null, 'NOT_FOUND'],
      otherShop: [null, null, 'NOT_FOUND'],
      operator: ['template', 'list', 'ok'],
      owner: ['template', 'list', 'ok'],
      staff: ['template', 'list', 'NOT_FOUND'],
    });
  });
});
