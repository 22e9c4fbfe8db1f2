import { print, type FormattedExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { createShop, pdfFile, signUp, UploadDocument, type TestUser } from '../support/fixtures.ts';
import { startTestServer, untilListening, type TestServer } from '../support/server.ts';
import { decodeGlobalId } from '../../src/infra/ids.ts';

const Submit = graphql(`
  mutation SocketSubmit($input: SubmitShopForVerificationInput!) {
    submitShopForVerification(input: $input) { __typename }
  }
`);

const Events = graphql(`
  subscription SocketEvents($shopId: ID!) {
    shopVerificationChanged(shopId: $shopId) { shopId status }
  }
`);

type Result = FormattedExecutionResult<Record<string, unknown>, unknown>;

interface Outcome {
  results: Result[];
  error: unknown;
}

/** Runs one operation on a client and collects what it gets until it ends. */
function run(client: Client, query: string, variables: Record<string, unknown> = {}): { outcome: Promise<Outcome>; stop: () => void; results: Result[] } {
  const results: Result[] = [];
  let stop: () => void = () => {};
  const outcome = new Promise<Outcome>((resolve) => {
    stop = client.subscribe({ query, variables }, {
      next: (result) => results.push(result),
      error: (error) => resolve({ results, error }),
      complete: () => resolve({ results, error: null }),
    });
  });
  return { outcome, stop: () => stop(), results };
}

function errorCodes(error: unknown): unknown[] {
  return (error as { extensions?: { code?: unknown } }[]).map((item) => item.extensions?.code);
}

/** Opens a raw socket speaking graphql-ws and resolves with how it closed. */
function rawSocket(url: URL, onOpen: (socket: WebSocket) => void): Promise<{ code: number; status?: number }> {
  const target = new URL(url);
  target.protocol = 'ws:';
  return new Promise((resolve) => {
    const socket = new WebSocket(target, 'graphql-transport-ws');
    socket.on('open', () => onOpen(socket));
    socket.on('unexpected-response', (_request, response) => resolve({ code: 0, status: response.statusCode }));
    socket.on('close', (code) => resolve({ code }));
    socket.on('error', () => {});
  });
}

describe('WebSocket operations and limits', () => {
  let server: TestServer;
  let owner: TestUser;
  let shopId: string;
  beforeAll(async () => {
    server = await startTestServer({
      WS_MAX_CONNECTIONS_PER_IP: '4',
      WS_MAX_OPERATIONS_PER_CONNECTION: '3',
      WS_CONNECTION_INIT_TIMEOUT_MS: '300',
      WS_MAX_MESSAGE_BYTES: '4096',
      MAX_QUERY_DEPTH: '4',
    });
    owner = await signUp(server.client, 'owner');
    shopId = await createShop(owner);
    await owner.client.upload(UploadDocument, { input: { shopId, kind: 'NATIONAL_ID', file: null as never } }, 'input.file', pdfFile());
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers a bad operation with an error for that operation only; the socket and its subscription live on', async () => {
    const client = owner.client.subscriptions();
    const closes: number[] = [];
    client.on('closed', (event) => closes.push((event as { code: number }).code));
    const live = run(client, print(Events), { shopId });
    await untilListening(server, 'shop.verificationChanged', decodeGlobalId(shopId).id);

    const syntax = await run(client, 'subscription { shopVerificationChanged(shopId: ').outcome;
    expect(errorCodes(syntax.error)).toEqual(['GRAPHQL_PARSE_FAILED']);
    const unknownField = await run(client, '{ noSuchField }').outcome;
    expect(errorCodes(unknownField.error)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const deep = await run(client, '{ me { shops(first: 1) { edges { node { owner { displayName } } } } } }').outcome;
    expect(deep.error).toBeTruthy();
    expect(errorCodes(deep.error).every((code) => typeof code === 'string')).toBe(true);
    // A good query on the same socket still works.
    const good = await run(client, '{ __typename }').outcome;
    expect(good.results.map((result) => result.data)).toEqual([{ __typename: 'Query' }]);

    const submitted = await owner.client.request(Submit, { input: { shopId, legalName: 'Siti Rahma', dateOfBirth: '1990-04-17' } });
    expect(submitted.data?.submitShopForVerification.__typename).toBe('SubmitShopForVerificationPayload');
    await expect.poll(() => live.results.length).toBe(1);
    expect(live.results[0]?.data).toEqual({ shopVerificationChanged: { shopId, status: 'PENDING_REVIEW' } });
    expect(closes).toEqual([]);
    live.stop();
    await client.dispose();
  });

  it('refuses operations past the per-connection limit with an error, and accepts more once one ends', async () => {
    const client = owner.client.subscriptions();
    const running = [run(client, print(Events), { shopId }), run(client, print(Events), { shopId }), run(client, print(Events), { shopId })];
    await untilListening(server, 'shop.verificationChanged', decodeGlobalId(shopId).id, 3);
    const refused = await run(client, print(Events), { shopId }).outcome;
    expect(errorCodes(refused.error)).toEqual(['TOO_MANY_OPERATIONS']);
    running[0]?.stop();
    await expect.poll(() => server.running.events.listeners('shop.verificationChanged', decodeGlobalId(shopId).id)).toBe(2);
    const fourth = run(client, '{ __typename }');
    expect((await fourth.outcome).results.map((result) => result.data)).toEqual([{ __typename: 'Query' }]);
    for (const operation of running) operation.stop();
    await client.dispose();
  });

  it('refuses connections past the per-address limit at the upgrade with 429', async () => {
    // The sockets of the other tests are closed by now.
    await expect.poll(() => server.running.app.webSocketConnections).toBe(0);
    const open: WebSocket[] = [];
    for (let index = 0; index < 4; index += 1) {
      await new Promise<void>((resolve, reject) => {
        void rawSocket(server.url, (socket) => {
          socket.send(JSON.stringify({ type: 'connection_init' }));
          open.push(socket);
          resolve();
        }).then(reject);
      });
    }
    const refused = await rawSocket(server.url, () => {});
    expect(refused.status).toBe(429);
    for (const socket of open) socket.close();
    await expect.poll(() => server.running.app.webSocketConnections).toBe(0);
    const accepted = await rawSocket(server.url, (socket) => socket.close(1000));
    expect(accepted.code).toBe(1000);
  });

  it('closes a socket that never sends connection_init with 4408, and one that sends a message over the size limit with 1009', async () => {
    expect((await rawSocket(server.url, () => {})).code).toBe(4408);
    const oversized = await rawSocket(server.url, (socket) => socket.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(5000) } })));
    expect(oversized.code).toBe(1009);
  });
});
