import type { ServiceContext } from '../src/context.ts';
import { encodeGlobalId } from '../src/infra/ids.ts';
import { createLogger } from '../src/infra/logger.ts';
import { openVerifiedShop } from '../src/seed/demo.ts';
import type { Services } from '../src/services.ts';

export interface BenchData {
  /** The creator account whose showcase holds 20 products of 5 shops. */
  showcaseHandle: string;
  /** Global id of a product with three SKUs, for the detail page. */
  productId: string;
}

const PRODUCTS_PER_SHOP = 4;

/**
 * On top of the demo data: five more verified shops with four buyable products each, and the demo
 * creator @rina.reviews as the marketing account of the first and an affiliate of the other four (open
 * plans over all products), with every one of those products in the showcase, so that a showcase page of 20 shows
 * products of 5 shops. The demo catalogue plus these products fill a catalogue page of 20.
 */
export async function addBenchData(services: Services): Promise<BenchData> {
  const log = createLogger('silent');
  const as = (userId: string, isStaff = false): ServiceContext => ({ requestId: 'bench', viewer: { userId, isStaff }, log });
  const { prisma } = services;
  const seller = as((await prisma.user.findUniqueOrThrow({ where: { email: 'seller@example.com' } })).id);
  const staff = as((await prisma.user.findUniqueOrThrow({ where: { email: 'staff@example.com' } })).id, true);
  const creator = as((await prisma.user.findUniqueOrThrow({ where: { email: 'rina@example.com' } })).id);
  const account = await prisma.creatorAccount.findUniqueOrThrow({ where: { handle: 'rina.reviews' } });
  const category = await prisma.category.findFirstOrThrow();

  let productId = '';
  for (let shopIndex = 0; shopIndex < 5; shopIndex += 1) {
    const shop = await openVerifiedShop(services, seller, staff, `Bench shop ${shopIndex + 1}`);
    const productIds: string[] = [];
    for (let index = 0; index < PRODUCTS_PER_SHOP; index += 1) {
      const product = await services.catalog.createProduct(seller, shop.id, {
        title: `Bench product ${shopIndex + 1}.${index + 1}`,
        description: 'A product of the benchmark, with three sizes.',
        bulletPoints: ['Cotton', 'Machine washable'],
        brand: 'Bench',
        categoryId: category.id,
        status: 'ACTIVE',
        images: [{ url: `https://images.example.com/bench-${shopIndex}-${index}.jpg`, altText: 'A bench product' }],
        skus: ['S', 'M', 'L'].map((size, sizeIndex) => ({
          sellerSku: `BENCH-${shopIndex}-${index}-${size}`,
          attributes: [{ name: 'Size', value: size }],
          price: { amount: `${100 + sizeIndex * 10}000.00` },
          stock: 100,
          weightGrams: 200,
          dimensions: { lengthMm: 300, widthMm: 200, heightMm: 20 },
        })),
      });
      productIds.push(product.id);
      productId ||= product.id;
    }
    if (shopIndex === 0) {
      const link = await services.links.request(seller, shop.id, { accountHandle: account.handle, role: 'MARKETING' });
      await services.links.confirm(creator, link.id);
      await services.showcases.add(creator, account.id, { productIds });
    } else {
      const plan = await services.affiliatePlans.create(seller, shop.id, {
        name: `Bench shop ${shopIndex + 1} creators`,
        kind: 'OPEN',
        scope: 'ALL_PRODUCTS',
        commissionBps: 800,
      });
      await services.affiliatePlans.join(creator, plan.id, account.id);
      await services.showcases.add(creator, account.id, { productIds, planId: plan.id });
    }
  }
  return { showcaseHandle: account.handle, productId: encodeGlobalId('Product', productId) };
}
