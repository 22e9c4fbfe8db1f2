import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import ValidationPlugin from '@pothos/plugin-validation';
import TextInputGuardPlugin from './text-inputs.ts';
import { getNamedType, getNullableType, GraphQLError, type GraphQLResolveInfo, isLeafType, isListType, isObjectType } from 'graphql';
import type { GraphQLContext } from '../context.ts';
import type { ShopMemberRole } from '../generated/prisma/enums.ts';
import type PrismaTypes from '../generated/pothos-prisma-types.ts';
import { getDatamodel } from '../generated/pothos-prisma-types.ts';
import { decodeGlobalId, encodeGlobalId } from '../infra/ids.ts';
import VisibilityPlugin from './visibility.ts';

/**
 * Whether a decoded global id names an object type that implements `Node`, so that `node` can load it.
 * Anything else (a made-up type, an object without an id of its own) is an id of nothing: null, as the
 * Relay convention has it, rather than the relay plugin's uncoded "has not been implemented" error.
 */
function isNodeType(info: GraphQLResolveInfo, typename: string): boolean {
  const type = info.schema.getType(typename);
  return isObjectType(type) && type.getInterfaces().some((candidate) => candidate.name === 'Node');
}

/** Page size when a connection is queried without `first`/`last`, and the largest page allowed. */
export const DEFAULT_PAGE_SIZE = 20;

/** Field options for operations that need a signed-in viewer (anyone else gets UNAUTHENTICATED). */
export const signedIn = { authScopes: { authenticated: true } } as const;
export const MAX_PAGE_SIZE = 100;

/**
 * The page size a connection field asks for, checked before the operation runs (the cost needs it), so
 * that a page over the maximum is a request error rather than a failed field.
 */
function pageSizeOf(args: Record<string, unknown>): number {
  const requested = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE_SIZE;
  if (requested < 0 || requested > MAX_PAGE_SIZE) {
    throw new GraphQLError(`At most ${MAX_PAGE_SIZE} items per page: ask for 0 to ${MAX_PAGE_SIZE}, not ${requested}`, {
      extensions: { code: 'PAGE_SIZE_INVALID' },
    });
  }
  return requested;
}


/**
 * The one schema builder. It holds plugin configuration only; every type lives in the file of its domain
 * module (src/modules/<module>/*.schema.ts).
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: Date; Output: Date };
    Decimal: { Input: string; Output: string };
    Upload: { Input: File; Output: never };
  };
  AuthScopes: {
    /** Any signed-in user. */
    authenticated: boolean;
    /** Platform staff. */
    staff: boolean;
    /** A member of the shop with one of the roles. */
    shopRole: { shopId: string; roles: readonly ShopMemberRole[] };
    /** The user with this id: the holder of a creator account, the user themself. */
    user: string;
  };
}>({
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  // Errors first so that it can turn errors thrown by the other plugins' wrappers (decoding ids of
  // mutation inputs) into typed results.
  plugins: [
    ErrorsPlugin,
    TextInputGuardPlugin,
    ScopeAuthPlugin,
    VisibilityPlugin,
    PrismaPlugin,
    RelayPlugin,
    ComplexityPlugin,
    DataloaderPlugin,
    SimpleObjectsPlugin,
    ValidationPlugin,
  ],
  errors: {
    defaultTypes: [],
    directResult: true,
    // Malformed ids in mutation inputs become ValidationError results. Authorisation of mutations is
    // checked inside services, after input decoding, so nothing is revealed before it.
    unsafelyHandleInputErrors: true,
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Result`,
      description: 'The result of a mutation: its payload, or one of the typed errors it can return (each implements `UserError`).',
    },
  },
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (context) => ({
      authenticated: context.viewer !== null,
      staff: context.viewer?.isStaff === true,
      shopRole: async ({ shopId, roles }) => {
        const role = await context.shopRole(shopId);
        return role !== null && roles.includes(role);
      },
      user: (userId) => context.viewer?.userId === userId,
    }),
    // A missing sign-in is a GraphQL error (the operation as a whole cannot run); a field the viewer
    // may not read is resolved by the field's own `unauthorizedResolver` (null, as if not found).
    unauthorizedError: (_parent, context) =>
      context.viewer
        ? new GraphQLError('Not allowed', { extensions: { code: 'FORBIDDEN' } })
        : new GraphQLError('Sign in first: send Authorization: Bearer <accessToken>', {
            extensions: { code: 'UNAUTHENTICATED' },
          }),
  },
  prisma: {
    client: (context) => context.services.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    maxConnectionSize: MAX_PAGE_SIZE,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: (globalId) => decodeGlobalId(globalId),
    nodeQueryOptions: {
      description:
        'Fetches any object by its global id; null when it does not exist, is not visible to the viewer, or names a type that is not a `Node`. A malformed id is a VALIDATION_FAILED error.',
      args: { id: { description: 'A global id, e.g. gid://seller-center/Shop/0190….' } },
      resolve: (_root, args, _context, info, resolveNode) => (isNodeType(info, args.id.typename) ? resolveNode(args.id) : null),
    },
    nodesQueryOptions: {
      description:
        'Fetches objects by their global ids, in order; null for each that does not exist, is not visible, or names a type that is not a `Node`. A malformed id is a VALIDATION_FAILED error.',
      args: { ids: { description: 'Global ids, at most 100.' } },
      resolve: (_root, args, _context, info, resolveNodes) => {
        // The relay plugin's callback loads `args.ids` whatever it is given, so ids of types that are
        // not nodes are blanked in place (a null id resolves to null) before it runs.
        const ids = args.ids as ({ typename: string } | null)[];
        ids.forEach((id, index) => {
          if (id && !isNodeType(info, id.typename)) ids[index] = null;
        });
        return resolveNodes(args.ids);
      },
    },
    nodeTypeOptions: { description: 'An object with a global id, fetchable with `node(id:)`.' },
    idFieldOptions: { description: 'Global id: opaque, stable, of the form gid://seller-center/<Type>/<uuid>.' },
    defaultConnectionTypeOptions: { description: 'A page of a list, for cursor pagination.' },
    defaultEdgeTypeOptions: { description: 'An item of a page with its cursor.' },
    edgesFieldOptions: { description: 'The items of this page with their cursors.' },
    nodeFieldOptions: { description: 'The item.' },
    cursorFieldOptions: { description: 'Pass as `after` or `before` to page from this item.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the list.' },
    hasNextPageFieldOptions: { description: 'True when there are items after this page.' },
    hasPreviousPageFieldOptions: { description: 'True when there are items before this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of this page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of this page.' },
    // Page sizes are checked by the cost model (pageSizeOf), before the operation runs.
    firstArgOptions: { description: `Returns the first n items (at most ${MAX_PAGE_SIZE}).` },
    lastArgOptions: { description: `Returns the last n items (at most ${MAX_PAGE_SIZE}).` },
    afterArgOptions: { description: 'Returns the items after this cursor.' },
    beforeArgOptions: { description: 'Returns the items before this cursor.' },
    pageInfoTypeOptions: { description: 'Where a page sits in its connection, for cursor pagination.' },
  },
  complexity: {
    // Shopify's cost model (documented with worked examples in the README, section "Query cost"):
    // scalars and enums are free; an object costs 1; a connection costs 2 plus its page size times
    // the cost of what it selects per item (so `edges` and its `node` count once per item, and
    // `pageInfo` is free); a plain list costs 1 plus its size bound (10 unless the field declares its
    // own) times its selection. A page size over the maximum refuses the operation before it runs.
    fieldComplexity: (args, _context, field) => {
      const named = getNamedType(field.type);
      if (isLeafType(named) || named.name === 'PageInfo') return 0;
      if (named.name.endsWith('Connection')) return { field: 2, multiplier: pageSizeOf(args) };
      if (named.name.endsWith('Edge')) return { field: 0, multiplier: 1 };
      return isListType(getNullableType(field.type)) ? { field: 1, multiplier: 10 } : 1;
    },
  },
});
