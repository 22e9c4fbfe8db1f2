import { randomUUID } from 'node:crypto';
import { graphql } from '../generated/index.ts';
import type { CreateShopInput } from '../generated/graphql.ts';
import { expectTypename, type GraphQLTestClient } from './client.ts';
import type { TestServer } from './server.ts';

export const PASSWORD = 'correct-horse-battery';

/** The smallest valid PDF, for verification documents. */
export const PDF_BYTES = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export function pdfFile(name = 'id.pdf', bytes: Uint8Array<ArrayBuffer> = PDF_BYTES): File {
  return new File([bytes], name, { type: 'application/pdf' });
}

const SignUp = graphql(`
  mutation FixtureSignUp($input: SignUpInput!) {
    signUp(input: $input) {
      __typename
      ... on AuthPayload { accessToken refreshToken user { id } }
      ... on UserError { code message field }
    }
  }
`);

export interface TestUser {
  email: string;
  userId: string;
  token: string;
  refreshToken: string;
  client: GraphQLTestClient;
}

/** Signs up a new user with a unique email. */
export async function signUp(client: GraphQLTestClient, name = 'user'): Promise<TestUser> {
  const email = `${name}-${randomUUID().slice(0, 8)}@example.com`;
  const result = await client.request(SignUp, { input: { email, password: PASSWORD, displayName: name } });
  const payload = expectTypename(result.data?.signUp, 'AuthPayload');
  return { email, userId: payload.user.id, token: payload.accessToken, refreshToken: payload.refreshToken, client: client.as(payload.accessToken) };
}

/** Signs up a user and makes them platform staff, the way an operator would (never through the API). */
export async function signUpStaff(server: TestServer): Promise<TestUser> {
  const user = await signUp(server.client, 'staff');
  await server.running.services.auth.setStaff(user.email, true);
  return user;
}

const CreateShop = graphql(`
  mutation FixtureCreateShop($input: CreateShopInput!) {
    createShop(input: $input) {
      __typename
      ... on CreateShopPayload { shop { id } }
      ... on UserError { code message field }
    }
  }
`);

export function shopInput(overrides: Partial<CreateShopInput> = {}): CreateShopInput {
  return {
    name: `Shop ${randomUUID().slice(0, 8)}`,
    region: 'ID',
    businessType: 'INDIVIDUAL',
    pickupAddress: {
      recipientName: 'Siti Rahma',
      phone: '+62 812 3456 7890',
      line1: 'Jl. Kebon Jeruk No. 12',
      city: 'Jakarta Barat',
      postalCode: '11530',
    },
    returnAddressSameAsPickup: true,
    contactEmail: 'shop@example.com',
    contactPhone: '+62 812 3456 7890',
    acceptSellerTerms: true,
    ...overrides,
  };
}

export async function createShop(owner: TestUser, overrides: Partial<CreateShopInput> = {}): Promise<string> {
  const result = await owner.client.request(CreateShop, { input: shopInput(overrides) });
  return expectTypename(result.data?.createShop, 'CreateShopPayload').shop.id;
}

export const UploadDocument = graphql(`
  mutation FixtureUploadDocument($input: UploadVerificationDocumentInput!) {
    uploadVerificationDocument(input: $input) {
      __typename
      ... on UploadVerificationDocumentPayload { documentId }
      ... on UserError { code message field }
    }
  }
`);

const Submit = graphql(`
  mutation FixtureSubmit($input: SubmitShopForVerificationInput!) {
    submitShopForVerification(input: $input) {
      __typename
      ... on UserError { code message field }
    }
  }
`);

const Review = graphql(`
  mutation FixtureReview($input: ReviewShopVerificationInput!) {
    reviewShopVerification(input: $input) {
      __typename
      ... on UserError { code message field }
    }
  }
`);

const SetBank = graphql(`
  mutation FixtureSetBank($input: SetShopBankAccountInput!) {
    setShopBankAccount(input: $input) {
      __typename
      ... on UserError { code message field }
    }
  }
`);

export interface SellingShop {
  shopId: string;
  owner: TestUser;
  staff: TestUser;
  legalName: string;
}

/**
 * A shop that can sell, reached through the public API as a seller would: created, documents uploaded,
 * submitted, approved by staff, bank account set. `bankAccount: false` stops before the bank account.
 */
export async function createVerifiedShop(
  server: TestServer,
  options: { bankAccount?: boolean; staff?: TestUser; owner?: TestUser } = {},
): Promise<SellingShop> {
  const owner = options.owner ?? (await signUp(server.client, 'owner'));
  const staff = options.staff ?? (await signUpStaff(server));
  const legalName = 'Siti Rahma';
  const shopId = await createShop(owner);
  const upload = await owner.client.upload(UploadDocument, { input: { shopId, kind: 'NATIONAL_ID', file: null as never } }, 'input.file', pdfFile());
  expectTypename(upload.data?.uploadVerificationDocument, 'UploadVerificationDocumentPayload');
  const submitted = await owner.client.request(Submit, { input: { shopId, legalName, dateOfBirth: '1990-04-17' } });
  expectTypename(submitted.data?.submitShopForVerification, 'SubmitShopForVerificationPayload');
  const reviewed = await staff.client.request(Review, { input: { shopId, decision: 'APPROVE' } });
  expectTypename(reviewed.data?.reviewShopVerification, 'ReviewShopVerificationPayload');
  if (options.bankAccount !== false) {
    const bank = await owner.client.request(SetBank, {
      input: { shopId, holderName: legalName, bankName: 'Bank Central Asia', accountNumber: '1234567890' },
    });
    expectTypename(bank.data?.setShopBankAccount, 'SetShopBankAccountPayload');
  }
  return { shopId, owner, staff, legalName };
}
