import type { ServiceContext } from '../context.ts';
import type { Logger } from '../infra/logger.ts';
import type { Services } from '../services.ts';
import { TEST_PAYMENT_METHODS } from '../modules/orders/payment-provider.ts';

export const DEMO_PASSWORD = 'demo-password';

export interface DemoCredentials {
  users: { role: 'staff' | 'seller' | 'buyer' | 'creator'; email: string; password: string }[];
}

/** The smallest valid PDF: the demo seller's identity document. */
const DEMO_DOCUMENT = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const CATEGORIES = [
  { slug: 'fashion', name: 'Fashion', platformCommissionBps: 800 },
  { slug: 'beauty', name: 'Beauty & Personal Care', platformCommissionBps: 700 },
  { slug: 'electronics', name: 'Electronics', platformCommissionBps: 400 },
  { slug: 'home', name: 'Home & Living', platformCommissionBps: 600 },
  { slug: 'food', name: 'Food & Beverages', platformCommissionBps: 500 },
];

const dimensions = { lengthMm: 300, widthMm: 200, heightMm: 50 };

/**
 * Fills an empty database with a seller and four verified Indonesian shops selling a few products
 * (three of them with an OPEN affiliate plan), a buyer with a paid order waiting to be shipped, two
 * creators with an unlinked creator account each, and a platform staff user. Everything goes through the services, so the demo obeys the same rules as API clients.
 * Does nothing when the database has users already.
 */
export async function seedDemoData(services: Services, log: Logger): Promise<DemoCredentials | null> {
  if ((await services.prisma.user.count()) > 0) return null;
  const as = (userId: string, isStaff = false): ServiceContext => ({ requestId: 'seed', viewer: { userId, isStaff }, log });
  const signUp = (email: string, displayName: string) =>
    services.auth.signUp(as('seed'), { email, password: DEMO_PASSWORD, displayName }).then((result) => result.user);

  const staff = await services.auth.setStaff((await signUp('staff@example.com', 'Platform Staff')).email, true);
  const seller = await signUp('seller@example.com', 'Siti Rahma');
  const buyer = await signUp('buyer@example.com', 'Budi Santoso');

  const sellerContext = as(seller.id);
  const staffContext = as(staff.id, true);
  const shop = await openVerifiedShop(services, sellerContext, staffContext, 'Toko Siti');

  const categories = new Map<string, string>();
  for (const category of CATEGORIES) {
    categories.set(category.slug, (await services.catalog.createCategory(staffContext, category)).id);
  }
  const category = (slug: string) => categories.get(slug) ?? slug;

  await services.catalog.createProduct(sellerContext, shop.id, {
    title: 'Batik Shirt, Parang Pattern',
    description: 'Hand-stamped cotton batik shirt from Solo.',
    bulletPoints: ['100% cotton', 'Hand-stamped (cap) batik', 'Regular fit'],
    brand: 'Batik Siti',
    categoryId: category('fashion'),
    status: 'ACTIVE',
    images: [{ url: 'https://images.example.com/batik-parang.jpg', altText: 'Blue batik shirt' }],
    skus: ['S', 'M', 'L'].map((size, index) => ({
      sellerSku: `BATIK-PARANG-${size}`,
      attributes: [
        { name: 'Colour', value: 'Indigo' },
        { name: 'Size', value: size },
      ],
      price: { amount: '189000.00' },
      stock: [25, 40, 3][index] ?? 0,
      lowStockThreshold: 5,
      weightGrams: 250,
      dimensions,
    })),
  });
  const kopi = await services.catalog.createProduct(sellerContext, shop.id, {
    title: 'Kopi Gayo Arabica Beans 250 g',
    description: 'Single-origin arabica from the Gayo highlands, medium roast.',
    bulletPoints: ['Medium roast', 'Roasted weekly'],
    categoryId: category('food'),
    status: 'ACTIVE',
    images: [{ url: 'https://images.example.com/kopi-gayo.jpg', altText: 'Bag of coffee beans' }],
    skus: [
      {
        sellerSku: 'KOPI-GAYO-250',
        attributes: [{ name: 'Weight', value: '250 g' }],
        price: { amount: '85000.00' },
        stock: 120,
        lowStockThreshold: 10,
        weightGrams: 270,
        dimensions: { lengthMm: 180, widthMm: 110, heightMm: 60 },
      },
    ],
  });
  await services.catalog.createProduct(sellerContext, shop.id, {
    title: 'Rattan Storage Basket',
    description: 'Handwoven rattan basket with lid.',
    bulletPoints: ['Handwoven in Cirebon'],
    categoryId: category('home'),
    status: 'ACTIVE',
    images: [],
    skus: [
      {
        sellerSku: 'RATTAN-BASKET-M',
        attributes: [{ name: 'Size', value: 'Medium' }],
        price: { amount: '149000.00' },
        stock: 0,
        lowStockThreshold: 2,
        weightGrams: 900,
        dimensions: { lengthMm: 350, widthMm: 350, heightMm: 300 },
      },
    ],
  });
  await services.catalog.createProduct(sellerContext, shop.id, {
    title: 'Serum Wajah Niacinamide (coming soon)',
    description: 'Draft listing: not visible to buyers until activated.',
    bulletPoints: [],
    categoryId: category('beauty'),
    status: 'DRAFT',
    images: [],
    skus: [
      {
        sellerSku: 'SERUM-NIA-30',
        attributes: [{ name: 'Volume', value: '30 ml' }],
        price: { amount: '99000.00' },
        stock: 50,
        lowStockThreshold: 5,
        weightGrams: 80,
        dimensions: { lengthMm: 40, widthMm: 40, heightMm: 120 },
      },
    ],
  });

  // Three more shops of the same seller, and creators to link and to join their affiliate plans.
  const others = [
    { name: 'Batik Nusantara', slug: 'fashion', title: 'Batik Tulis Scarf, Kawung', sku: 'SCARF-KAWUNG', price: '245000.00' },
    { name: 'Dapur Rempah', slug: 'food', title: 'Sambal Matah Jar 200 g', sku: 'SAMBAL-MATAH-200', price: '45000.00' },
    { name: 'Rumah Rotan', slug: 'home', title: 'Rattan Fruit Bowl', sku: 'ROTAN-BOWL', price: '120000.00' },
  ];
  const otherShops = [];
  for (const other of others) {
    const otherShop = await openVerifiedShop(services, sellerContext, staffContext, other.name);
    await services.catalog.createProduct(sellerContext, otherShop.id, {
      title: other.title,
      categoryId: category(other.slug),
      status: 'ACTIVE',
      skus: [{ sellerSku: other.sku, price: { amount: other.price }, stock: 30, weightGrams: 400, dimensions }],
    });
    otherShops.push(otherShop);
  }
  for (const planShop of [shop, ...otherShops.slice(1)]) {
    await services.affiliatePlans.create(sellerContext, planShop.id, {
      name: `${planShop.name} creators`,
      kind: 'OPEN',
      scope: 'ALL_PRODUCTS',
      commissionBps: 1000,
    });
  }
  await seedPromotions(services, sellerContext, staffContext, shop.id, kopi.id);
  const dewi = await signUp('dewi@example.com', 'Dewi Lestari');
  await services.accounts.create(as(dewi.id), { handle: 'dewi.official', displayName: 'Dewi Official', region: 'ID', followerCount: 182_000 });
  const rina = await signUp('rina@example.com', 'Rina Wijaya');
  await services.accounts.create(as(rina.id), { handle: 'rina.reviews', displayName: 'Rina Reviews', region: 'ID', followerCount: 54_300 });

  // Orders: the buyer has bought coffee from Toko Siti and paid; the shop has an order to ship.
  const kopiSku = await services.prisma.sku.findFirstOrThrow({ where: { productId: kopi.id }, select: { id: true } });
  const { orders } = await services.checkout.placeOrder(
    as(buyer.id),
    {
      items: [{ skuId: kopiSku.id, quantity: 2 }],
      shippingAddress: { recipientName: 'Budi Santoso', phone: '+62 811 2233 4455', line1: 'Jl. Melati No. 5', city: 'Bandung', province: 'Jawa Barat', postalCode: '40115', region: 'ID' },
    },
    'demo-first-order',
  );
  for (const order of orders) await services.orders.pay(as(buyer.id), order.id, { paymentMethod: TEST_PAYMENT_METHODS.succeeds });

  log.info('demo data seeded');
  return {
    users: [
      { role: 'seller', email: 'seller@example.com', password: DEMO_PASSWORD },
      { role: 'buyer', email: 'buyer@example.com', password: DEMO_PASSWORD },
      { role: 'staff', email: 'staff@example.com', password: DEMO_PASSWORD },
      { role: 'creator', email: 'dewi@example.com', password: DEMO_PASSWORD },
      { role: 'creator', email: 'rina@example.com', password: DEMO_PASSWORD },
    ],
  };
}

/** Opens a shop of the seller in Indonesia and takes it through verification to a bank account, so it can sell. */
export async function openVerifiedShop(services: Services, seller: ServiceContext, staff: ServiceContext, name: string) {
  const shop = await services.shops.createShop(seller, {
    name,
    region: 'ID',
    businessType: 'INDIVIDUAL',
    pickupAddress: {
      recipientName: 'Siti Rahma',
      phone: '+62 812 3456 7890',
      line1: 'Jl. Kebon Jeruk No. 12',
      city: 'Jakarta Barat',
      province: 'DKI Jakarta',
      postalCode: '11530',
    },
    returnAddressSameAsPickup: true,
    contactEmail: 'seller@example.com',
    contactPhone: '+62 812 3456 7890',
    acceptSellerTerms: true,
  });
  await services.shops.uploadDocument(seller, shop.id, {
    kind: 'NATIONAL_ID',
    file: new File([DEMO_DOCUMENT], 'ktp.pdf', { type: 'application/pdf' }),
  });
  await services.shops.submitForVerification(seller, shop.id, { legalName: 'Siti Rahma', dateOfBirth: new Date('1990-04-17') });
  await services.shops.reviewVerification(staff, shop.id, { approve: true });
  await services.shops.setBankAccount(seller, shop.id, { holderName: 'Siti Rahma', bankName: 'Bank Central Asia', accountNumber: '1234567890' });
  return shop;
}

/**
 * Toko Siti's promotions: a running flash deal on the coffee, a voucher, free shipping over a spend and
 * a shipping template; and a platform voucher. Windows run 30 days from seeding.
 */
async function seedPromotions(services: Services, seller: ServiceContext, staff: ServiceContext, shopId: string, kopiId: string) {
  const endsAt = new Date(Date.now() + 30 * 86_400_000);
  await services.promotions.createFlashDeal(seller, shopId, {
    name: 'Kopi Gayo flash sale',
    productId: kopiId,
    price: { amount: '69000.00' },
    quantityLimit: 50,
    endsAt,
  });
  await services.promotions.createShippingDiscount(seller, shopId, {
    name: 'Free shipping over Rp 250.000',
    percentOffBps: 10_000,
    minSpend: { amount: '250000.00' },
    endsAt,
  });
  await services.vouchers.createVoucher(seller, shopId, {
    name: 'Toko Siti 10% off',
    code: 'SITI10',
    discountKind: 'PERCENT',
    percentOffBps: 1000,
    maxDiscount: { amount: '20000.00' },
    minSpend: { amount: '100000.00' },
    totalLimit: 1000,
    perBuyerLimit: 1,
    endsAt,
  });
  await services.vouchers.createVoucher(staff, null, {
    name: 'Platform 5% off',
    code: 'HEMAT5',
    discountKind: 'PERCENT',
    percentOffBps: 500,
    maxDiscount: { amount: '25000.00' },
    minSpend: { amount: '100000.00' },
    currency: 'IDR',
    endsAt,
  });
  await services.shipping.createTemplate(seller, shopId, {
    name: 'Java & Bali',
    provider: 'PLATFORM',
    bands: [
      { region: 'ID', upToGrams: 1000, fee: { amount: '9000.00' } },
      { region: 'ID', upToGrams: 5000, fee: { amount: '18000.00' } },
      { region: 'ID', fee: { amount: '35000.00' } },
      { region: 'SG', upToGrams: 2000, fee: { amount: '120000.00' } },
    ],
  });
}
