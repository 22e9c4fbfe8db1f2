import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { createShop, pdfFile, signUp, UploadDocument } from '../support/fixtures.ts';
import { startTestServers, untilListening, type TestServer } from '../support/server.ts';
import { decodeGlobalId } from '../../src/infra/ids.ts';

const Submit = graphql(`
  mutation ScaleOutSubmit($input: SubmitShopForVerificationInput!) {
    submitShopForVerification(input: $input) { __typename }
  }
`);

const Events = graphql(`
  subscription ScaleOutEvents($shopId: ID!) {
    shopVerificationChanged(shopId: $shopId) { shopId status }
  }
`);

/** Two instances on one PostgreSQL and one Redis, as behind a load balancer. */
describe('several instances', () => {
  let first: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    [first, second] = (await startTestServers(2)) as [TestServer, TestServer];
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('share one database and deliver events from one instance to subscribers of the other', async () => {
    expect(first.running.events.kind).toBe('redis');
    const owner = await signUp(first.client, 'owner');
    const shopId = await createShop(owner);
    await owner.client.upload(UploadDocument, { input: { shopId, kind: 'NATIONAL_ID', file: null as never } }, 'input.file', pdfFile());

    const onSecond = second.client.as(owner.token).subscriptions();
    const received = (async () => {
      for await (const event of onSecond.iterate({ query: print(Events), variables: { shopId } })) {
        return event.data?.shopVerificationChanged;
      }
      return null;
    })();
    await untilListening(second, 'shop.verificationChanged', decodeGlobalId(shopId).id);
    const submitted = await owner.client.request(Submit, { input: { shopId, legalName: 'Siti Rahma', dateOfBirth: '1990-04-17' } });
    expect(submitted.data?.submitShopForVerification.__typename).toBe('SubmitShopForVerificationPayload');
    expect(await received).toEqual({ shopId, status: 'PENDING_REVIEW' });
    await onSecond.dispose();
  });
});
