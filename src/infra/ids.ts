import { ValidationError, type FieldPath } from './errors.ts';

/**
 * Global ids are `gid://seller-center/<Type>/<uuid>`, in the style of Shopify's: readable in logs and
 * stable, while clients treat them as opaque strings.
 */
const PREFIX = 'gid://seller-center/';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a UUID, the form of every database id. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return `${PREFIX}${typename}/${String(id)}`;
}

export interface DecodedGlobalId {
  typename: string;
  id: string;
}

/** Decodes a global id; a malformed one is a validation error on `field`. */
export function decodeGlobalId(globalId: string, field: FieldPath = ['id']): DecodedGlobalId {
  if (globalId.startsWith(PREFIX)) {
    const [typename, id, ...rest] = globalId.slice(PREFIX.length).split('/');
    if (typename && id && rest.length === 0 && /^[A-Z][A-Za-z]*$/.test(typename) && isUuid(id)) {
      return { typename, id: id.toLowerCase() };
    }
  }
  throw ValidationError.single(field, `"${globalId.slice(0, 100)}" is not a valid id`);
}

/** Decodes a global id that must name an object of `typename`. */
export function decodeIdOf(typename: string, globalId: string, field: FieldPath): string {
  const decoded = decodeGlobalId(globalId, field);
  if (decoded.typename !== typename) {
    throw ValidationError.single(field, `Expected the id of a ${typename}, got a ${decoded.typename} id`);
  }
  return decoded.id;
}
