import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { expectTypename } from '../support/client.ts';
import {
  createShop,
  createVerifiedShop,
  pdfFile,
  PDF_BYTES,
  shopInput,
  signUp,
  signUpStaff,
  UploadDocument,
  type TestUser,
} from '../support/fixtures.ts';
import { startTestServer, untilListening, type TestServer } from '../support/server.ts';
import { decodeGlobalId } from '../../src/infra/ids.ts';

const MAX_UPLOAD_BYTES = 64 * 1024;

const CreateShop = graphql(`
  mutation CreateShop($input: CreateShopInput!) {
    createShop(input: $input) {
      __typename
      ... on CreateShopPayload {
        shop { id name region currency verificationStatus viewerRole canSell returnAddressSameAsPickup termsAcceptedAt sellBlockers }
      }
      ... on ValidationError { code issues { field message } }
      ... on UserError { code message field }
    }
  }
`);

const Submit = graphql(`
  mutation Submit($input: SubmitShopForVerificationInput!) {
    submitShopForVerification(input: $input) {
      __typename
      ... on SubmitShopForVerificationPayload { shop { verificationStatus legalName } }
      ... on SellerUnderageError { minimumAge }
      ... on UserError { code message field }
    }
  }
`);

const Review = graphql(`
  mutation Review($input: ReviewShopVerificationInput!) {
    reviewShopVerification(input: $input) {
      __typename
      ... on ReviewShopVerificationPayload { shop { verificationStatus rejectionReason } }
      ... on InvalidStateError { currentState }
      ... on UserError { code message field }
    }
  }
`);

const SetBank = graphql(`
  mutation SetBank($input: SetShopBankAccountInput!) {
    setShopBankAccount(input: $input) {
      __typename
      ... on SetShopBankAccountPayload { shop { canSell bankAccount { holderName bankName accountNumberMasked } } }
      ... on BankAccountNameMismatchError { expectedName }
      ... on UserError { code message field }
    }
  }
`);

const ShopView = graphql(`
  query ShopView($id: ID!) {
    node(id: $id) {
      ... on Shop {
        name
        verificationStatus
        canSell
        suspended
        sellBlockers
        contactEmail
        legalName
        pickupAddress { city }
        bankAccount { accountNumberMasked }
        documents { kind contentType sizeBytes sha256 }
        members { role user { id } }
      }
    }
  }
`);

const SetMember = graphql(`
  mutation SetMember($input: SetShopMemberInput!) {
    setShopMember(input: $input) {
      __typename
      ... on SetShopMemberPayload { shop { members { role } } }
      ... on UserError { code message field }
    }
  }
`);

const RemoveMember = graphql(`
  mutation RemoveMember($input: RemoveShopMemberInput!) {
    removeShopMember(input: $input) {
      __typename
      ... on UserError { code message field }
    }
  }
`);

const Suspend = graphql(`
  mutation Suspend($input: SuspendShopInput!) {
    suspendShop(input: $input) {
      __typename
      ... on SuspendShopPayload { shop { canSell suspended sellBlockers } }
      ... on UserError { code message field }
    }
  }
`);

const ShopsForReview = graphql(`
  query ShopsForReview {
    shopsForReview(first: 100) { edges { node { id } } }
  }
`);

const VerificationEvents = graphql(`
  subscription VerificationEvents($shopId: ID!) {
    shopVerificationChanged(shopId: $shopId) { shopId status reason }
  }
`);

describe('shop onboarding', () => {
  let server: TestServer;
  let staff: TestUser;
  beforeAll(async () => {
    server = await startTestServer({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) });
    staff = await signUpStaff(server);
  });
  afterAll(() => server.close());

  async function uploadAs(user: TestUser, shopId: string, kind: 'NATIONAL_ID' | 'BUSINESS_LICENCE' | 'REPRESENTATIVE_ID', file = pdfFile()) {
    const result = await user.client.upload(UploadDocument, { input: { shopId, kind, file: null as never } }, 'input.file', file);
    return result.data?.uploadVerificationDocument;
  }

  describe('creating a shop', () => {
    it('opens a DRAFT shop in the region’s currency with the creator as OWNER, terms timestamped', async () => {
      const owner = await signUp(server.client, 'owner');
      const result = await owner.client.request(CreateShop, { input: shopInput({ region: 'VN' }) });
      const { shop } = expectTypename(result.data?.createShop, 'CreateShopPayload');
      expect(shop).toMatchObject({
        region: 'VN',
        currency: 'VND',
        verificationStatus: 'DRAFT',
        viewerRole: 'OWNER',
        canSell: false,
        returnAddressSameAsPickup: true,
        sellBlockers: ['NOT_VERIFIED', 'NO_BANK_ACCOUNT'],
      });
      expect(Date.now() - Date.parse(shop.termsAcceptedAt ?? '')).toBeLessThan(60_000);
    });

    it('requires the seller terms and a return address unless it is the pickup address', async () => {
      const owner = await signUp(server.client);
      const result = await owner.client.request(CreateShop, {
        input: shopInput({ acceptSellerTerms: false, returnAddressSameAsPickup: false }),
      });
      const error = expectTypename(result.data?.createShop, 'ValidationError');
      expect(error.issues.map((issue) => issue.field.join('.')).sort()).toEqual(['input.acceptSellerTerms', 'input.returnAddress']);
    });

    it('keeps names unique per region, ignoring case and punctuation, and leaves no partial write', async () => {
      const owner = await signUp(server.client);
      const name = `Toko Maju ${Date.now()}`;
      await createShop(owner, { name, region: 'ID' });
      const addressesBefore = await server.running.services.prisma.address.count();
      const clash = await owner.client.request(CreateShop, { input: shopInput({ name: `  TOKO maju. ${name.slice(10)}`, region: 'ID' }) });
      expect(expectTypename(clash.data?.createShop, 'AlreadyExistsError').field).toEqual(['input', 'name']);
      expect(await server.running.services.prisma.address.count()).toBe(addressesBefore);
      const otherRegion = await owner.client.request(CreateShop, { input: shopInput({ name, region: 'MY' }) });
      expectTypename(otherRegion.data?.createShop, 'CreateShopPayload');
    });

    it('lets exactly one of many concurrent creations of the same name win', async () => {
      const owner = await signUp(server.client);
      const name = `Race ${Date.now()}`;
      const results = await Promise.all(
        Array.from({ length: 6 }, () => owner.client.request(CreateShop, { input: shopInput({ name, region: 'SG' }) })),
      );
      const typenames = results.map((result) => result.data?.createShop.__typename).sort();
      expect(typenames).toEqual(['AlreadyExistsError', 'AlreadyExistsError', 'AlreadyExistsError', 'AlreadyExistsError', 'AlreadyExistsError', 'CreateShopPayload']);
    });

    it('asks anonymous callers to sign in', async () => {
      const result = await server.client.request(CreateShop, { input: shopInput() });
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('verification', () => {
    it('refuses an individual seller under 18 and leaves the shop in DRAFT', async () => {
      const owner = await signUp(server.client);
      const shopId = await createShop(owner);
      await uploadAs(owner, shopId, 'NATIONAL_ID');
      const seventeen = new Date();
      seventeen.setUTCFullYear(seventeen.getUTCFullYear() - 17);
      const result = await owner.client.request(Submit, {
        input: { shopId, legalName: 'Young Seller', dateOfBirth: seventeen.toISOString().slice(0, 10) },
      });
      const error = expectTypename(result.data?.submitShopForVerification, 'SellerUnderageError');
      expect(error).toMatchObject({ code: 'SELLER_UNDERAGE', minimumAge: 18, field: ['input', 'dateOfBirth'] });
      const view = await owner.client.request(ShopView, { id: shopId });
      expect(view.data?.node).toMatchObject({ verificationStatus: 'DRAFT', legalName: null });
    });

    it('accepts a seller on their 18th birthday', async () => {
      const owner = await signUp(server.client);
      const shopId = await createShop(owner);
      await uploadAs(owner, shopId, 'NATIONAL_ID');
      const eighteen = new Date();
      eighteen.setUTCFullYear(eighteen.getUTCFullYear() - 18);
      const result = await owner.client.request(Submit, {
        input: { shopId, legalName: 'Just Eighteen', dateOfBirth: eighteen.toISOString().slice(0, 10) },
      });
      expectTypename(result.data?.submitShopForVerification, 'SubmitShopForVerificationPayload');
    });

    it('needs the documents of the business type before review', async () => {
      const owner = await signUp(server.client);
      const shopId = await createShop(owner, { businessType: 'CORPORATE' });
      const individualDocument = await uploadAs(owner, shopId, 'NATIONAL_ID');
      expect(individualDocument).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'kind'] });
      await uploadAs(owner, shopId, 'BUSINESS_LICENCE');
      const input = { shopId, legalName: 'PT Maju Jaya', registrationNumber: '1234567890', representativeName: 'Budi' };
      const missing = await owner.client.request(Submit, { input });
      expect(missing.data?.submitShopForVerification).toMatchObject({ code: 'VERIFICATION_DOCUMENTS_MISSING' });
      await uploadAs(owner, shopId, 'REPRESENTATIVE_ID');
      const complete = await owner.client.request(Submit, { input });
      expect(expectTypename(complete.data?.submitShopForVerification, 'SubmitShopForVerificationPayload').shop.verificationStatus).toBe(
        'PENDING_REVIEW',
      );
    });

    it('checks uploads by content and size, and keeps only metadata and a hash', async () => {
      const owner = await signUp(server.client);
      const shopId = await createShop(owner);
      const text = await uploadAs(owner, shopId, 'NATIONAL_ID', new File(['just text'], 'id.pdf', { type: 'application/pdf' }));
      expect(text).toMatchObject({ __typename: 'UploadRejectedError', code: 'UPLOAD_REJECTED', field: ['input', 'file'] });
      const empty = await uploadAs(owner, shopId, 'NATIONAL_ID', new File([], 'id.pdf'));
      expect(empty).toMatchObject({ code: 'UPLOAD_REJECTED' });
      const oversized = new Uint8Array(MAX_UPLOAD_BYTES + 1);
      oversized.set(new TextEncoder().encode('%PDF-1.4'));
      const tooBig = await uploadAs(owner, shopId, 'NATIONAL_ID', new File([oversized], 'big.pdf'));
      expect(tooBig).toMatchObject({ code: 'UPLOAD_REJECTED', field: ['input', 'file'] });

      const huge = await owner.client.upload(
        UploadDocument,
        { input: { shopId, kind: 'NATIONAL_ID', file: null as never } },
        'input.file',
        new File([new Uint8Array(MAX_UPLOAD_BYTES * 40)], 'huge.pdf'),
      );
      expect(huge.status).toBe(413);

      await uploadAs(owner, shopId, 'NATIONAL_ID');
      const view = await owner.client.request(ShopView, { id: shopId });
      const node = view.data?.node;
      expect(node && 'documents' in node ? node.documents : null).toEqual([
        {
          kind: 'NATIONAL_ID',
          contentType: 'application/pdf',
          sizeBytes: PDF_BYTES.byteLength,
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ]);
    });

    it('lets only staff review, needs a reason to reject, and lets a rejected seller resubmit', async () => {
      const owner = await signUp(server.client);
      const shopId = await createShop(owner);
      await uploadAs(owner, shopId, 'NATIONAL_ID');
      await owner.client.request(Submit, { input: { shopId, legalName: 'Siti Rahma', dateOfBirth: '1990-04-17' } });

      const bySeller = await owner.client.request(Review, { input: { shopId, decision: 'APPROVE' } });
      expect(bySeller.data?.reviewShopVerification).toMatchObject({ __typename: 'PermissionDeniedError', code: 'PERMISSION_DENIED' });
      const noReason = await staff.client.request(Review, { input: { shopId, decision: 'REJECT' } });
      expect(noReason.data?.reviewShopVerification).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'reason'] });
      const listed = await staff.client.request(ShopsForReview);
      expect(listed.data?.shopsForReview.edges.map((edge) => edge.node.id)).toContain(shopId);
      const bySellerList = await owner.client.request(ShopsForReview);
      // Not staff: the review queue is empty for them, as any list shows only what its viewer may see.
      expect(bySellerList.errors).toBeUndefined();
      expect(bySellerList.data?.shopsForReview.edges).toEqual([]);
      const anonymousList = await server.client.request(ShopsForReview);
      expect(anonymousList.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

      const rejected = await staff.client.request(Review, { input: { shopId, decision: 'REJECT', reason: 'ID photo is blurred' } });
      expect(expectTypename(rejected.data?.reviewShopVerification, 'ReviewShopVerificationPayload').shop).toEqual({
        verificationStatus: 'REJECTED',
        rejectionReason: 'ID photo is blurred',
      });
      const again = await staff.client.request(Review, { input: { shopId, decision: 'APPROVE' } });
      expect(expectTypename(again.data?.reviewShopVerification, 'InvalidStateError').currentState).toBe('REJECTED');

      await uploadAs(owner, shopId, 'NATIONAL_ID');
      const resubmitted = await owner.client.request(Submit, { input: { shopId, legalName: 'Siti Rahma', dateOfBirth: '1990-04-17' } });
      expect(resubmitted.data?.submitShopForVerification).toMatchObject({ shop: { verificationStatus: 'PENDING_REVIEW' } });
    });

    it('lets exactly one of two racing staff decisions through', async () => {
      const owner = await signUp(server.client);
      const otherStaff = await signUpStaff(server);
      const shopId = await createShop(owner);
      await uploadAs(owner, shopId, 'NATIONAL_ID');
      await owner.client.request(Submit, { input: { shopId, legalName: 'Siti Rahma', dateOfBirth: '1990-04-17' } });
      const [approve, reject] = await Promise.all([
        staff.client.request(Review, { input: { shopId, decision: 'APPROVE' } }),
        otherStaff.client.request(Review, { input: { shopId, decision: 'REJECT', reason: 'No' } }),
      ]);
      const outcomes = [approve.data?.reviewShopVerification.__typename, reject.data?.reviewShopVerification.__typename].sort();
      expect(outcomes).toEqual(['InvalidStateError', 'ReviewShopVerificationPayload']);
    });

    it('tells members about verification changes over WebSocket, and refuses outsiders', async () => {
      const owner = await signUp(server.client);
      const shopId = await createShop(owner);
      await uploadAs(owner, shopId, 'NATIONAL_ID');
      const socket = owner.client.subscriptions();
      const events = socket.iterate({ query: print(VerificationEvents), variables: { shopId } });
      const firstTwo = (async () => {
        const received = [];
        for await (const event of events) {
          received.push(event.data?.shopVerificationChanged);
          if (received.length === 2) break;
        }
        return received;
      })();
      await untilListening(server, 'shop.verificationChanged', decodeGlobalId(shopId).id);
      await owner.client.request(Submit, { input: { shopId, legalName: 'Siti Rahma', dateOfBirth: '1990-04-17' } });
      await staff.client.request(Review, { input: { shopId, decision: 'REJECT', reason: 'Blurred' } });
      expect(await firstTwo).toEqual([
        { shopId, status: 'PENDING_REVIEW', reason: null },
        { shopId, status: 'REJECTED', reason: 'Blurred' },
      ]);
      await socket.dispose();

      const outsider = await signUp(server.client);
      const outsiderSocket = outsider.client.subscriptions();
      const refused = outsiderSocket.iterate({ query: print(VerificationEvents), variables: { shopId } });
      const first = await refused.next();
      expect(first.value).toMatchObject({ errors: [{ message: 'Shop not found', extensions: { code: 'NOT_FOUND', field: ['shopId'] } }] });
      await outsiderSocket.dispose();
    });
  });

  describe('bank account and the right to sell', () => {
    it('needs verification first, then a holder name matching the legal name, and is masked on read', async () => {
      const unverifiedOwner = await signUp(server.client);
      const draftShop = await createShop(unverifiedOwner);
      const early = await unverifiedOwner.client.request(SetBank, {
        input: { shopId: draftShop, holderName: 'Siti Rahma', bankName: 'BCA', accountNumber: '1234567890' },
      });
      expect(early.data?.setShopBankAccount).toMatchObject({ code: 'INVALID_STATE' });

      const { shopId, owner } = await createVerifiedShop(server, { bankAccount: false, staff });
      const before = await owner.client.request(ShopView, { id: shopId });
      expect(before.data?.node).toMatchObject({ canSell: false, sellBlockers: ['NO_BANK_ACCOUNT'] });

      const mismatch = await owner.client.request(SetBank, {
        input: { shopId, holderName: 'Siti Rahmawati', bankName: 'BCA', accountNumber: '1234567890' },
      });
      expect(expectTypename(mismatch.data?.setShopBankAccount, 'BankAccountNameMismatchError')).toMatchObject({
        code: 'BANK_ACCOUNT_NAME_MISMATCH',
        field: ['input', 'holderName'],
        expectedName: 'Siti Rahma',
      });

      const ok = await owner.client.request(SetBank, {
        input: { shopId, holderName: 'SITI  RAHMA', bankName: 'BCA', accountNumber: '0987-6543-21' },
      });
      expect(expectTypename(ok.data?.setShopBankAccount, 'SetShopBankAccountPayload').shop).toEqual({
        canSell: true,
        bankAccount: { holderName: 'SITI  RAHMA', bankName: 'BCA', accountNumberMasked: '•••• 4321' },
      });
      const stored = await server.running.services.prisma.bankAccount.findFirstOrThrow({ where: { shopId: shopId.split('/').pop() } });
      expect(JSON.stringify(stored)).not.toContain('0987654321');
    });

    it('hides a shop’s private data from other sellers, as if it did not exist', async () => {
      const { shopId } = await createVerifiedShop(server, { staff });
      const otherSeller = await signUp(server.client);
      await createShop(otherSeller);
      const seen = await otherSeller.client.request(ShopView, { id: shopId });
      expect(seen.data?.node).toEqual({
        name: expect.any(String),
        verificationStatus: 'VERIFIED',
        canSell: true,
        suspended: false,
        sellBlockers: null,
        contactEmail: null,
        legalName: null,
        pickupAddress: null,
        bankAccount: null,
        documents: null,
        members: null,
      });
      expect(seen.errors).toBeUndefined();
      const bySomeoneElse = await otherSeller.client.request(SetBank, {
        input: { shopId, holderName: 'Siti Rahma', bankName: 'BCA', accountNumber: '1111111111' },
      });
      expect(bySomeoneElse.data?.setShopBankAccount).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    });

    it('lets staff suspend a shop, which stops it selling; sellers cannot', async () => {
      const { shopId, owner } = await createVerifiedShop(server, { staff });
      const bySeller = await owner.client.request(Suspend, { input: { shopId, reason: 'self' } });
      expect(bySeller.data?.suspendShop).toMatchObject({ code: 'PERMISSION_DENIED' });
      const byStaff = await staff.client.request(Suspend, { input: { shopId, reason: 'Counterfeit goods' } });
      expect(expectTypename(byStaff.data?.suspendShop, 'SuspendShopPayload').shop).toEqual({
        canSell: false,
        suspended: true,
        sellBlockers: ['SUSPENDED'],
      });
    });
  });

  describe('members and roles', () => {
    it('lets the owner manage members, keeps an owner, and gives admins no say over members or the bank', async () => {
      const { shopId, owner } = await createVerifiedShop(server, { staff });
      const admin = await signUp(server.client, 'admin');
      const added = await owner.client.request(SetMember, { input: { shopId, email: admin.email, role: 'ADMIN' } });
      expect(expectTypename(added.data?.setShopMember, 'SetShopMemberPayload').shop.members?.map((member) => member.role)).toEqual([
        'OWNER',
        'ADMIN',
      ]);
      const byAdmin = await admin.client.request(SetMember, { input: { shopId, email: admin.email, role: 'OWNER' } });
      expect(byAdmin.data?.setShopMember).toMatchObject({ code: 'PERMISSION_DENIED' });
      const bankByAdmin = await admin.client.request(SetBank, {
        input: { shopId, holderName: 'Siti Rahma', bankName: 'BCA', accountNumber: '1111111111' },
      });
      expect(bankByAdmin.data?.setShopBankAccount).toMatchObject({ code: 'PERMISSION_DENIED' });
      const adminView = await admin.client.request(ShopView, { id: shopId });
      expect(adminView.data?.node).toMatchObject({ bankAccount: { accountNumberMasked: '•••• 7890' } });

      const demoteLastOwner = await owner.client.request(SetMember, { input: { shopId, email: owner.email, role: 'ADMIN' } });
      expect(demoteLastOwner.data?.setShopMember).toMatchObject({ code: 'LAST_OWNER', field: ['input', 'role'] });
      const removeLastOwner = await owner.client.request(RemoveMember, { input: { shopId, userId: owner.userId } });
      expect(removeLastOwner.data?.removeShopMember).toMatchObject({ code: 'LAST_OWNER', field: ['input', 'userId'] });
      const unknown = await owner.client.request(SetMember, { input: { shopId, email: 'nobody@example.com', role: 'OPERATOR' } });
      expect(unknown.data?.setShopMember).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'email'] });
    });
  });

  describe('ids', () => {
    it('answers malformed or mistyped ids with a validation error on the field', async () => {
      const owner = await signUp(server.client);
      const garbage = await owner.client.request(Suspend, { input: { shopId: 'not-an-id', reason: 'x' } });
      expect(garbage.data?.suspendShop).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'shopId'] });
      const wrongType = await owner.client.request(SetBank, {
        input: { shopId: owner.userId, holderName: 'A', bankName: 'B', accountNumber: '1234567890' },
      });
      expect(wrongType.data?.setShopBankAccount).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'shopId'] });
      const node = await owner.client.request(ShopView, { id: 'gid://seller-center/Shop/zzz' });
      expect(node.data?.node ?? null).toBeNull();
      expect(node.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    });
  });
});
