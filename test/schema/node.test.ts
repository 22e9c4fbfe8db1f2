import { randomUUID } from 'node:crypto';
import { isObjectType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/infra/ids.ts';
import { buildSchema } from '../../src/schema/index.ts';
import type { GraphQLTestClient, GraphQLResponse } from '../support/client.ts';
import { pdfFile, signUp, signUpStaff, UploadDocument, createShop, type TestUser } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Ids and `node`, driven by the schema: every Node type, present and future, is covered. */

const schema = buildSchema();
const nodeTypes = Object.values(schema.getTypeMap())
  .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'))
  .filter((type) => type.getInterfaces().some((iface) => iface.name === 'Node'))
  .map((type) => type.name)
  .sort();

const NodeQuery = 'query NodeById($id: ID!) { node(id: $id) { __typename id } }';
const NodesQuery = 'query NodesById($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }';

type NodeData = { node: { __typename: string; id: string } | null };
type NodesData = { nodes: ({ __typename: string; id: string } | null)[] };

const missingId = (typename: string) => encodeGlobalId(typename, randomUUID());

/** Every error of a response carries a code. */
function codes(response: GraphQLResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

describe('ids and node', () => {
  let server: TestServer;
  let viewers: [string, GraphQLTestClient][];
  let owner: TestUser;

  beforeAll(async () => {
    server = await startTestServer();
    const [buyer, staff] = await Promise.all([signUp(server.client, 'buyer'), signUpStaff(server)]);
    owner = await signUp(server.client, 'owner');
    viewers = [
      ['anonymous', server.client],
      ['buyer', buyer.client],
      ['staff', staff.client],
    ];
  });
  afterAll(() => server?.close());

  it('finds the Node types in the schema', () => {
    expect(nodeTypes).toEqual(expect.arrayContaining(['AccountLink', 'Category', 'CreatorAccount', 'Product', 'Shop', 'Sku', 'User']));
  });

  it('gives every object with an `id` field a global id that `node` fetches', () => {
    const withId = Object.values(schema.getTypeMap())
      .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'))
      .filter((type) => 'id' in type.getFields())
      .map((type) => type.name);
    expect(withId.filter((name) => !nodeTypes.includes(name))).toEqual([]);
  });

  it.each(nodeTypes)('answers null, without an error, for a well-formed %s id of nothing, whoever asks', async (typename) => {
    for (const [viewer, client] of viewers) {
      const response = await client.raw<NodeData>({ query: NodeQuery, variables: { id: missingId(typename) } });
      expect(response.errors, `${typename} as ${viewer}`).toBeUndefined();
      expect(response.data?.node, `${typename} as ${viewer}`).toBeNull();
    }
  });

  it('answers null for an id of an unknown type and of a type that is not a Node', async () => {
    for (const typename of ['Foo', 'ShopMember', 'Query', 'Money', 'Node']) {
      for (const [viewer, client] of viewers) {
        const response = await client.raw<NodeData>({ query: NodeQuery, variables: { id: missingId(typename) } });
        expect(response.errors, `${typename} as ${viewer}`).toBeUndefined();
        expect(response.data?.node).toBeNull();
      }
    }
  });

  it('refuses a malformed id with a coded validation error, in `node` and in `nodes`', async () => {
    const uuid = randomUUID();
    const malformed = ['', 'abc', uuid, `gid://seller-center/Shop/${uuid}/x`, 'gid://seller-center/Shop/not-a-uuid', `gid://seller-center/shop/${uuid}`, `gid://seller-center/Shop/${uuid}\u0000`, `gid://other/Shop/${uuid}`];
    for (const id of malformed) {
      const one = await server.client.raw<NodeData>({ query: NodeQuery, variables: { id } });
      expect(codes(one), JSON.stringify(id)).toEqual(['VALIDATION_FAILED']);
      const many = await server.client.raw<NodesData>({ query: NodesQuery, variables: { ids: [missingId('Shop'), id] } });
      expect(codes(many), JSON.stringify(id)).toEqual(['VALIDATION_FAILED']);
    }
  });

  it('answers `nodes` item by item: null for each missing, unknown or hidden one, the others whole', async () => {
    const shopId = await createShop(owner);
    const ids = [
      shopId,
      ...nodeTypes.map(missingId),
      missingId('Foo'),
      missingId('ShopMember'),
      owner.userId,
      shopId,
    ];
    for (const [viewer, client] of [...viewers, ['owner', owner.client] as [string, GraphQLTestClient]]) {
      const response = await client.raw<NodesData>({ query: NodesQuery, variables: { ids } });
      expect(response.errors, viewer).toBeUndefined();
      const found = response.data?.nodes.map((node) => node?.id ?? null);
      // A DRAFT shop is its members' and staff's alone.
      const shopSeen = viewer === 'owner' || viewer === 'staff' ? shopId : null;
      expect(found, viewer).toEqual([shopSeen, ...nodeTypes.map(() => null), null, null, owner.userId, shopSeen]);
    }
  });

  it('hands out verification documents as global ids that `node` fetches for the shop’s managers', async () => {
    const shopId = await createShop(owner);
    const upload = await owner.client.upload(UploadDocument, { input: { shopId, kind: 'NATIONAL_ID', file: null as never } }, 'input.file', pdfFile());
    const payload = upload.data?.uploadVerificationDocument;
    if (payload?.__typename !== 'UploadVerificationDocumentPayload') throw new Error(JSON.stringify(upload));
    const documentId = payload.documentId;
    expect(documentId).toMatch(/^gid:\/\/seller-center\/VerificationDocument\//);
    const listed = await owner.client.raw<{ node: { documents: { id: string }[] } }>({
      query: 'query Documents($id: ID!) { node(id: $id) { ... on Shop { documents { id } } } }',
      variables: { id: shopId },
    });
    expect(listed.data?.node.documents.map((document) => document.id)).toEqual([documentId]);
    const fetched = await owner.client.raw<NodeData>({ query: NodeQuery, variables: { id: documentId } });
    expect(fetched.data?.node).toEqual({ __typename: 'VerificationDocument', id: documentId });
    for (const [viewer, client] of viewers) {
      const response = await client.raw<NodeData>({ query: NodeQuery, variables: { id: documentId } });
      expect(response.errors).toBeUndefined();
      expect(response.data?.node?.id ?? null, viewer).toBe(viewer === 'staff' ? documentId : null);
    }
  });
});
