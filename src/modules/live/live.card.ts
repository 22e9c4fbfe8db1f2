import { Prisma } from '../../generated/prisma/client.ts';
import { IMAGE_ORDER, SKU_ORDER } from '../catalog/catalog.rules.ts';
import type { SkuOffer } from '../catalog/pricing.ts';

/**
 * The pinned product's card: what viewers of a live stream are shown of a product when it is pinned,
 * loaded and priced once when the pin is published, so that broadcasting the pin to any number of
 * viewers (on any number of instances) reads nothing from the database. The pin event's `product`
 * resolves from it whenever the document asks for no more than it holds; anything else (a field that
 * needs more of the product) is read from the database as before.
 */

/** What the card holds of a model: some of its columns and some relations, each loaded with fixed arguments. */
interface Shape {
  /** Columns held; `all` marks that every column of the model is (as a planned `include` needs). */
  columns: readonly string[];
  all: boolean;
  /** Arguments the relation was loaded with (ordering); a planned relation must ask for the same. */
  args: Record<string, unknown>;
  relations: Record<string, Shape>;
}

const shape = (columns: readonly string[], all: boolean, relations: Record<string, Shape> = {}, args: Record<string, unknown> = {}): Shape => ({ columns, all, relations, args });

/**
 * The card's shape. The orderings are those the Product fields list these relations in (catalog.rules.ts):
 * a planned relation with other arguments is not held, and is read from the database.
 */
const CARD_SHAPE = shape(Object.values(Prisma.ProductScalarFieldEnum), true, {
  shop: shape(['currency'], false),
  skus: shape(['id', 'productId', 'shopId', 'priceMinor', 'stock'], false, {}, { orderBy: SKU_ORDER }),
  images: shape(Object.values(Prisma.ProductImageScalarFieldEnum), true, {}, { orderBy: IMAGE_ORDER }),
});

/** The Prisma query that loads a card's product. */
function queryOf(held: Shape): { select: Record<string, unknown> } & Record<string, unknown> {
  const select: Record<string, unknown> = Object.fromEntries(held.columns.map((column) => [column, true]));
  for (const [name, relation] of Object.entries(held.relations)) select[name] = queryOf(relation);
  return { ...held.args, select };
}

export const PRODUCT_CARD_QUERY = queryOf(CARD_SHAPE) as {
  select: {
    [Column in Prisma.ProductScalarFieldEnum]: true;
  } & {
    shop: { select: { currency: true } };
    skus: { orderBy: Prisma.SkuOrderByWithRelationInput[]; select: { id: true; productId: true; shopId: true; priceMinor: true; stock: true } };
    images: { orderBy: Prisma.ProductImageOrderByWithRelationInput[]; select: { [Column in Prisma.ProductImageScalarFieldEnum]: true } };
  };
};

export type CardProduct = Prisma.ProductGetPayload<typeof PRODUCT_CARD_QUERY>;

/** A pinned product as viewers see it at the pin: the product and its SKUs' offers, outside the stream and inside it. */
export interface ProductCard {
  product: CardProduct;
  offers: { anywhere: ReadonlyMap<string, SkuOffer>; inStream: ReadonlyMap<string, SkuOffer> };
}

type PlannedQuery = { select?: Record<string, unknown>; include?: Record<string, unknown> } & Record<string, unknown>;

/**
 * Whether a query planned from a document (Pothos' `prismaField` query for the product) asks for
 * nothing the card does not hold: the same columns or fewer, the same relations loaded with the same
 * arguments. Anything unknown counts as not held, so the answer errs towards the database.
 */
export function cardHolds(planned: PlannedQuery, held: Shape = CARD_SHAPE): boolean {
  const { select, include, ...args } = planned;
  if (!sameArgs(args, held.args)) return false;
  if (!select && !held.all) return false;
  for (const [name, wanted] of Object.entries(select ?? include ?? {})) {
    if (!wanted) continue;
    const relation = held.relations[name];
    if (relation) {
      if (!cardHolds(wanted === true ? {} : (wanted as PlannedQuery), relation)) return false;
    } else if (!(select && wanted === true && held.columns.includes(name))) {
      return false;
    }
  }
  return true;
}

function sameArgs(planned: Record<string, unknown>, held: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(planned), ...Object.keys(held)]);
  return [...keys].every((key) => JSON.stringify(planned[key]) === JSON.stringify(held[key]));
}

// ─── On the wire ───

/**
 * A card as it travels on the event bus (as JSON across Redis): BigInts and Dates tagged, everything
 * else as is. Written by hand rather than with a serialisation library: these two types are all a
 * card holds beyond JSON.
 */
export type WireCard = { readonly wire: 'ProductCard' } & Record<string, unknown>;

export function cardToWire(card: ProductCard): WireCard {
  return {
    wire: 'ProductCard',
    product: tag(card.product),
    anywhere: tag([...card.offers.anywhere]),
    inStream: tag([...card.offers.inStream]),
  };
}

export function cardFromWire(wire: WireCard): ProductCard {
  return {
    product: untag(wire.product) as CardProduct,
    offers: { anywhere: new Map(untag(wire.anywhere) as Array<[string, SkuOffer]>), inStream: new Map(untag(wire.inStream) as Array<[string, SkuOffer]>) },
  };
}

function tag(value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(tag);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, tag(item)]));
  return value;
}

function untag(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untag);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [only] = entries;
  if (entries.length === 1 && only && typeof only[1] === 'string') {
    if (only[0] === '$bigint') return BigInt(only[1]);
    if (only[0] === '$date') return new Date(only[1]);
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, untag(item)]));
}
