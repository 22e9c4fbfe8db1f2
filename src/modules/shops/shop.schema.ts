import type { Shop } from '../../generated/prisma/client.ts';
import { BusinessType, DocumentKind, ShopMemberRole, VerificationStatus } from '../../generated/prisma/enums.ts';
import { order } from '../../infra/pagination/keyset.ts';
import { prismaKeysetConnection } from '../../schema/pagination.ts';
import { decodeIdOf, encodeGlobalId } from '../../infra/ids.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { builder, signedIn } from '../../schema/builder.ts';
import { defineVisibility, NOTHING, visibleById } from '../../schema/visibility.ts';
import { CurrencyCodeEnum, objectPayloads, RegionEnum } from '../../schema/common.ts';
import {
  AlreadyExistsError,
  BankAccountNameMismatchError,
  COMMON_ERRORS,
  InvalidStateError,
  RuleViolationError,
  SellBlockerEnum,
  SellerUnderageError,
  UploadRejectedError,
} from '../../schema/errors.ts';
import { ALL_ROLES, MANAGER_ROLES } from './shop.service.ts';
import { sellBlockers } from './shop.rules.ts';

// ─── Enums ───

export const BusinessTypeEnum = builder.enumType(BusinessType, {
  name: 'BusinessType',
  description: 'Who the seller is legally.',
  values: {
    INDIVIDUAL: { description: 'A person selling in their own name; verified with an identity document.' },
    CORPORATE: { description: "A company; verified with its business licence and its representative's identity document." },
  },
});

export const VerificationStatusEnum = builder.enumType(VerificationStatus, {
  name: 'VerificationStatus',
  description: "Where a shop is in seller verification: DRAFT → PENDING_REVIEW → VERIFIED or REJECTED; a rejected shop fixes and resubmits.",
  values: {
    DRAFT: { description: 'Created; documents and legal details not yet submitted.' },
    PENDING_REVIEW: { description: 'Submitted; waiting for platform staff.' },
    VERIFIED: { description: 'Approved by platform staff.' },
    REJECTED: { description: 'Refused by platform staff with a reason; the seller may fix and resubmit.' },
  },
});

export const ShopMemberRoleEnum = builder.enumType(ShopMemberRole, {
  name: 'ShopMemberRole',
  description: 'What a member may do in a shop.',
  values: {
    OWNER: { description: 'Everything, including members and the bank account.' },
    ADMIN: { description: 'Everything except members and the bank account.' },
    OPERATOR: { description: 'Products and orders.' },
  },
});

export const DocumentKindEnum = builder.enumType(DocumentKind, {
  name: 'DocumentKind',
  description: 'The kind of a verification document.',
  values: {
    NATIONAL_ID: { description: 'Government identity card (individuals).' },
    PASSPORT: { description: 'Passport (individuals).' },
    DRIVING_LICENCE: { description: 'Driving licence (individuals).' },
    BUSINESS_LICENCE: { description: 'Business licence or registration certificate (companies).' },
    REPRESENTATIVE_ID: { description: "The company representative's identity document (companies)." },
  },
});

const VerificationDecisionEnum = builder.enumType('VerificationDecision', {
  description: "Platform staff's decision on a shop in review.",
  values: {
    APPROVE: { description: 'The shop becomes VERIFIED.' },
    REJECT: { description: 'The shop becomes REJECTED; a reason is required.' },
  },
});

// ─── Authorisation of private fields ───

/** Members of the shop (any role) and staff; anyone else reads null, as if the data did not exist. */
export const shopMembersOnly = {
  authScopes: (shop: Shop) => ({ $any: { staff: true, shopRole: { shopId: shop.id, roles: ALL_ROLES } } }),
  unauthorizedResolver: () => null,
} as const;

/** OWNER and ADMIN members and staff. */
const managersOnly = {
  authScopes: (shop: Shop) => ({ $any: { staff: true, shopRole: { shopId: shop.id, roles: MANAGER_ROLES } } }),
  unauthorizedResolver: () => null,
} as const;

// ─── Objects ───

builder.prismaObject('Address', {
  description: 'A postal address.',
  fields: (t) => ({
    recipientName: t.exposeString('recipientName', { description: 'Name of the person at the address.' }),
    phone: t.exposeString('phone', { description: 'Phone number of the person at the address.' }),
    line1: t.exposeString('line1', { description: 'Street and number.' }),
    line2: t.exposeString('line2', { nullable: true, description: 'Building, floor, unit.' }),
    city: t.exposeString('city', { description: 'City or regency.' }),
    province: t.exposeString('province', { nullable: true, description: 'Province, state or county.' }),
    postalCode: t.exposeString('postalCode', { description: 'Postal code.' }),
    region: t.expose('region', { type: RegionEnum, description: 'Country.' }),
  }),
});

/** Verification documents: OWNER and ADMIN members of the shop and staff, as `Shop.documents`. */
const documentVisibility = defineVisibility(
  'VerificationDocument',
  'VerificationDocument',
  (viewer): Prisma.VerificationDocumentWhereInput => {
    if (viewer?.isStaff) return {};
    if (!viewer) return NOTHING;
    return { shop: { members: { some: { userId: viewer.userId, role: { in: [...MANAGER_ROLES] } } } } };
  },
);

/**
 * Shops: anyone sees a VERIFIED shop (suspended ones too, marked `suspended`); a shop before or out of
 * verification only its members, the holders of creator accounts it asked to link or invited to a plan,
 * and staff.
 */
const shopVisibility = defineVisibility('Shop', 'Shop', (viewer): Prisma.ShopWhereInput => {
  if (viewer?.isStaff) return {};
  const verified: Prisma.ShopWhereInput = { verificationStatus: 'VERIFIED' };
  if (!viewer) return verified;
  const holder = { account: { userId: viewer.userId } };
  return {
    OR: [
      verified,
      { members: { some: { userId: viewer.userId } } },
      { links: { some: holder } },
      { affiliatePlans: { some: { participants: { some: holder } } } },
    ],
  };
}, {
  // A VERIFIED shop is public; an anonymous viewer sees no other.
  decide: (shop: Partial<Shop>, viewer) => {
    if (shop.verificationStatus === undefined) return undefined;
    if (shop.verificationStatus === 'VERIFIED') return true;
    return viewer === null ? false : undefined;
  },
});

builder.prismaNode('VerificationDocument', {
  description: 'A verification document on file. The file itself is kept in storage and is not downloadable through the API.',
  id: { field: 'id', description: 'Global id of the document.' },
  nullable: true,
  findUnique: visibleById(documentVisibility),
  fields: (t) => ({
    kind: t.expose('kind', { type: DocumentKindEnum, description: 'What the document is.' }),
    fileName: t.exposeString('fileName', { description: 'File name as uploaded.' }),
    contentType: t.exposeString('contentType', { description: 'Detected media type: application/pdf, image/jpeg or image/png.' }),
    sizeBytes: t.exposeInt('sizeBytes', { description: 'Size in bytes.' }),
    sha256: t.exposeString('sha256', { description: 'Hex SHA-256 of the content.' }),
    uploadedAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was uploaded.' }),
  }),
});

builder.prismaObject('BankAccount', {
  description: "The shop's payout account. The account number is never returned whole.",
  fields: (t) => ({
    holderName: t.exposeString('holderName', { description: "Account holder's name; matches the shop's verified legal name." }),
    bankName: t.exposeString('bankName', { description: 'Name of the bank.' }),
    accountNumberMasked: t.string({
      description: 'The account number with all but the last four digits hidden, e.g. "•••• 7890".',
      resolve: (account) => `•••• ${account.accountNumberLast4}`,
    }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it was last set.' }),
  }),
});

builder.prismaObject('ShopMember', {
  description: 'A user who works on a shop.',
  fields: (t) => ({
    user: t.relation('user', { description: 'The member.' }),
    role: t.expose('role', { type: ShopMemberRoleEnum, description: 'What they may do.' }),
    addedAt: t.expose('createdAt', { type: 'DateTime', description: 'When they joined the shop.' }),
  }),
});

export const ShopRef = builder.prismaNode('Shop', {
  description: "A seller's shop. Public fields are visible to anyone; the rest only to the shop's members and platform staff (null for anyone else).",
  id: { field: 'id', description: 'Global id of the shop.' },
  nullable: true,
  findUnique: visibleById(shopVisibility),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Display name; unique within its region.' }),
    region: t.expose('region', { type: RegionEnum, description: 'The market the shop sells in.' }),
    currency: t.expose('currency', { type: CurrencyCodeEnum, description: 'Currency of all its prices.' }),
    businessType: t.expose('businessType', { type: BusinessTypeEnum, description: 'Individual or company.' }),
    verificationStatus: t.expose('verificationStatus', { type: VerificationStatusEnum, description: 'Seller verification status.' }),
    canSell: t.boolean({
      description: 'True when the shop is verified, has a bank account and is not suspended: only then are its products buyable.',
      select: { bankAccount: { select: { id: true } } },
      resolve: (shop) => sellBlockers({ ...shop, hasBankAccount: shop.bankAccount !== null }).length === 0,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the shop was created.' }),
    viewerRole: t.field({
      type: ShopMemberRoleEnum,
      nullable: true,
      description: "The signed-in user's role in this shop; null when they are not a member.",
      resolve: (shop, _args, context) => context.shopRole(shop.id),
    }),
    sellBlockers: t.field({
      type: [SellBlockerEnum],
      nullable: true,
      description: 'Everything that keeps the shop from selling; empty when it can sell.',
      select: { bankAccount: { select: { id: true } } },
      ...shopMembersOnly,
      resolve: (shop) => sellBlockers({ ...shop, hasBankAccount: shop.bankAccount !== null }),
    }),
    contactEmail: t.exposeString('contactEmail', { nullable: true, description: 'Contact email for the platform.', ...shopMembersOnly }),
    contactPhone: t.exposeString('contactPhone', { nullable: true, description: 'Contact phone for the platform.', ...shopMembersOnly }),
    pickupAddress: t.relation('pickupAddress', { nullable: true, description: 'Where carriers collect parcels.', ...shopMembersOnly }),
    returnAddress: t.relation('returnAddress', { nullable: true, description: 'Where returns are sent.', ...shopMembersOnly }),
    returnAddressSameAsPickup: t.boolean({
      nullable: true,
      description: 'True when returns go to the pickup address.',
      ...shopMembersOnly,
      resolve: (shop) => shop.returnAddressId === shop.pickupAddressId,
    }),
    termsVersion: t.exposeString('termsVersion', { nullable: true, description: 'Version of the seller terms accepted.', ...shopMembersOnly }),
    termsAcceptedAt: t.expose('termsAcceptedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the seller terms were accepted.',
      ...shopMembersOnly,
    }),
    legalName: t.exposeString('legalName', {
      nullable: true,
      description: "The seller's legal name (the person's or the company's) as submitted for verification.",
      ...shopMembersOnly,
    }),
    registrationNumber: t.exposeString('registrationNumber', { nullable: true, description: 'Company registration number.', ...shopMembersOnly }),
    representativeName: t.exposeString('representativeName', { nullable: true, description: "Company representative's name.", ...shopMembersOnly }),
    rejectionReason: t.exposeString('rejectionReason', { nullable: true, description: "Staff's reason for the last rejection.", ...shopMembersOnly }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true, description: 'When verification was last submitted.', ...shopMembersOnly }),
    reviewedAt: t.expose('reviewedAt', { type: 'DateTime', nullable: true, description: 'When staff last decided.', ...shopMembersOnly }),
    suspended: t.boolean({ description: 'True while platform staff suspend the shop.', resolve: (shop) => shop.suspendedAt !== null }),
    suspensionReason: t.exposeString('suspensionReason', { nullable: true, description: "Staff's reason for the suspension.", ...shopMembersOnly }),
    documents: t.relation('documents', {
      nullable: true,
      description: 'Verification documents on file, oldest first.',
      query: { orderBy: { createdAt: 'asc' } },
      ...managersOnly,
    }),
    bankAccount: t.relation('bankAccount', {
      nullable: true,
      description: 'The payout account (masked); visible to OWNER and ADMIN members and staff.',
      ...managersOnly,
    }),
    members: t.relation('members', {
      nullable: true,
      description: 'The people who work on the shop.',
      query: { orderBy: { createdAt: 'asc' } },
      ...shopMembersOnly,
    }),
  }),
});

// ─── Queries ───

/** Shops in creation order (ids are time-ordered UUIDs). */
const OLDEST_FIRST = order<Shop>('OLDEST', [['id', 'string', 'asc']]);
/** Shops by when verification was last submitted (never-submitted ones last), then creation. */
const OLDEST_SUBMISSION_FIRST = order<Shop>('OLDEST_SUBMISSION', [
  ['submittedAt', 'date', 'asc', { nullable: true }],
  ['id', 'string', 'asc'],
]);

builder.queryFields((t) => ({
  myShops: t.connection({
    type: ShopRef,
    description: 'Shops the signed-in user is a member of, oldest first.',
    authScopes: { authenticated: true },
    resolve: (_root, args, context, info) =>
      prismaKeysetConnection({
        args,
        context,
        info,
        typeName: 'Shop',
        order: OLDEST_FIRST,
        where: { members: { some: { userId: context.viewer?.userId } } },
        load: (query) => context.services.prisma.shop.findMany(query),
      }),
  }),
  shopsForReview: t.connection({
    type: ShopRef,
    // Like every list, it shows only what the viewer may see: for anyone signed in but staff, nothing.
    description: 'Platform staff: shops by verification status, oldest submission first. Empty for anyone else signed in.',
    authScopes: { authenticated: true },
    args: {
      status: t.arg({
        type: VerificationStatusEnum,
        defaultValue: 'PENDING_REVIEW',
        description: 'Which shops to list.',
      }),
    },
    resolve: (_root, args, context, info) =>
      prismaKeysetConnection({
        args,
        context,
        info,
        typeName: 'Shop',
        order: OLDEST_SUBMISSION_FIRST,
        where: context.viewer?.isStaff ? { verificationStatus: args.status } : { id: { in: [] } },
        load: (query) => context.services.prisma.shop.findMany(query),
      }),
  }),
}));

// ─── Mutations ───

const AddressInput = builder.inputType('AddressInput', {
  description: 'A postal address in the shop\'s region.',
  fields: (t) => ({
    recipientName: t.string({ description: 'Name of the person at the address.' }),
    phone: t.string({ description: 'Phone number, e.g. +62 812 3456 7890.' }),
    line1: t.string({ description: 'Street and number.' }),
    line2: t.string({ required: false, description: 'Building, floor, unit.' }),
    city: t.string({ description: 'City or regency.' }),
    province: t.string({ required: false, description: 'Province, state or county.' }),
    postalCode: t.string({ description: 'Postal code.' }),
  }),
});

const CreateShopInput = builder.inputType('CreateShopInput', {
  description: 'A new shop. It starts in DRAFT with the signed-in user as OWNER.',
  fields: (t) => ({
    name: t.string({ description: 'Display name, unique within the region (case, spacing and punctuation ignored).' }),
    region: t.field({ type: RegionEnum, description: 'The market; fixes the currency.' }),
    businessType: t.field({ type: BusinessTypeEnum, description: 'Individual or company.' }),
    pickupAddress: t.field({ type: AddressInput, description: 'Where carriers collect parcels.' }),
    returnAddressSameAsPickup: t.boolean({ description: 'True to receive returns at the pickup address.' }),
    returnAddress: t.field({ type: AddressInput, required: false, description: 'Where returns go; required unless returnAddressSameAsPickup.' }),
    contactEmail: t.string({ description: 'Contact email for the platform.' }),
    contactPhone: t.string({ description: 'Contact phone for the platform.' }),
    acceptSellerTerms: t.boolean({ description: 'Must be true: acceptance of the seller terms, recorded with a timestamp.' }),
  }),
});

const UploadVerificationDocumentInput = builder.inputType('UploadVerificationDocumentInput', {
  description: 'A verification document, sent as a multipart request.',
  fields: (t) => ({
    shopId: t.id({ description: 'The shop.' }),
    kind: t.field({ type: DocumentKindEnum, description: 'What the document is; must suit the business type.' }),
    file: t.field({ type: 'Upload', description: 'PDF, JPEG or PNG, at most MAX_UPLOAD_BYTES (5 MiB by default).' }),
  }),
});

const SubmitShopForVerificationInput = builder.inputType('SubmitShopForVerificationInput', {
  description: "The seller's legal details, sent for review with the documents on file.",
  fields: (t) => ({
    shopId: t.id({ description: 'The shop.' }),
    legalName: t.string({ description: "The person's or company's legal name; bank accounts must match it." }),
    dateOfBirth: t.field({ type: 'Date', required: false, description: 'Individuals: date of birth; the seller must be at least 18.' }),
    registrationNumber: t.string({ required: false, description: 'Companies: registration number.' }),
    representativeName: t.string({ required: false, description: "Companies: the representative's name." }),
  }),
});

const ReviewShopVerificationInput = builder.inputType('ReviewShopVerificationInput', {
  description: 'A staff decision on a shop in review.',
  fields: (t) => ({
    shopId: t.id({ description: 'The shop.' }),
    decision: t.field({ type: VerificationDecisionEnum, description: 'Approve or reject.' }),
    reason: t.string({ required: false, description: 'Required to reject: what the seller must fix.' }),
  }),
});

const SetShopBankAccountInput = builder.inputType('SetShopBankAccountInput', {
  description: 'The payout account. Replaces any previous one.',
  fields: (t) => ({
    shopId: t.id({ description: 'The shop.' }),
    holderName: t.string({ description: "Must match the shop's verified legal name." }),
    bankName: t.string({ description: 'Name of the bank.' }),
    accountNumber: t.string({ description: '6 to 34 digits; spaces and dashes are ignored. Stored encrypted.' }),
  }),
});

const SetShopMemberInput = builder.inputType('SetShopMemberInput', {
  description: 'Adds a user to the shop or changes their role.',
  fields: (t) => ({
    shopId: t.id({ description: 'The shop.' }),
    email: t.string({ description: 'Email of an existing user.' }),
    role: t.field({ type: ShopMemberRoleEnum, description: 'Their role.' }),
  }),
});

const RemoveShopMemberInput = builder.inputType('RemoveShopMemberInput', {
  description: 'Removes a member from the shop.',
  fields: (t) => ({
    shopId: t.id({ description: 'The shop.' }),
    userId: t.id({ description: 'The member to remove.' }),
  }),
});

const ShopIdInput = builder.inputType('ShopIdInput', {
  description: 'Names a shop.',
  fields: (t) => ({
    shopId: t.id({ description: 'The shop.' }),
  }),
});

const SuspendShopInput = builder.inputType('SuspendShopInput', {
  description: 'Stops a shop from selling.',
  fields: (t) => ({
    shopId: t.id({ description: 'The shop.' }),
    reason: t.string({ description: 'Shown to the shop.' }),
  }),
});

const shopId = (input: { shopId: string | number }) => decodeIdOf('Shop', String(input.shopId), ['input', 'shopId']);

/** Payloads that carry the shop a mutation changed. */
const shopPayload = objectPayloads('shop', ShopRef, 'shop');

const CreateShopPayload = shopPayload('CreateShopPayload', 'The shop created.');
const SubmitShopForVerificationPayload = shopPayload('SubmitShopForVerificationPayload', 'The shop, now PENDING_REVIEW.');
const ReviewShopVerificationPayload = shopPayload('ReviewShopVerificationPayload', 'The shop, now VERIFIED or REJECTED.');
const SuspendShopPayload = shopPayload('SuspendShopPayload', 'The suspended shop.');
const ReinstateShopPayload = shopPayload('ReinstateShopPayload', 'The reinstated shop.');
const SetShopBankAccountPayload = shopPayload('SetShopBankAccountPayload', 'The shop with its new bank account.');
const SetShopMemberPayload = shopPayload('SetShopMemberPayload', 'The shop with its members.');
const RemoveShopMemberPayload = shopPayload('RemoveShopMemberPayload', 'The shop with its members.');

const UploadVerificationDocumentPayload = builder.simpleObject('UploadVerificationDocumentPayload', {
  description: 'The document stored.',
  fields: (t) => ({
    shop: t.field({ type: ShopRef, description: 'The shop.' }),
    documentId: t.id({ description: 'Global id of the stored document (listed in `Shop.documents`).' }),
  }),
});


builder.mutationFields((t) => ({
  createShop: t.field({
    type: CreateShopPayload,
    description: 'Opens a shop in DRAFT with the signed-in user as OWNER.',
    ...signedIn,
    args: { input: t.arg({ type: CreateShopInput, description: 'The new shop.' }) },
    errors: { types: [...COMMON_ERRORS, AlreadyExistsError] },
    resolve: async (_root, { input }, context) => ({ shop: await context.services.shops.createShop(context, input) }),
  }),
  uploadVerificationDocument: t.field({
    type: UploadVerificationDocumentPayload,
    description: 'Stores a verification document (OWNER or ADMIN; shop in DRAFT or REJECTED). Send as a GraphQL multipart request.',
    ...signedIn,
    args: { input: t.arg({ type: UploadVerificationDocumentInput, description: 'The document.' }) },
    errors: { types: [...COMMON_ERRORS, UploadRejectedError, InvalidStateError] },
    resolve: async (_root, { input }, context) => {
      const id = shopId(input);
      const document = await context.services.shops.uploadDocument(context, id, { kind: input.kind, file: input.file });
      return { shop: await context.services.prisma.shop.findUniqueOrThrow({ where: { id } }), documentId: encodeGlobalId('VerificationDocument', document.id) };
    },
  }),
  submitShopForVerification: t.field({
    type: SubmitShopForVerificationPayload,
    description: 'Sends the shop for staff review with its legal details (OWNER or ADMIN).',
    ...signedIn,
    args: { input: t.arg({ type: SubmitShopForVerificationInput, description: 'Legal details.' }) },
    errors: { types: [...COMMON_ERRORS, SellerUnderageError, RuleViolationError, InvalidStateError] },
    resolve: async (_root, { input }, context) => ({
      shop: await context.services.shops.submitForVerification(context, shopId(input), input),
    }),
  }),
  reviewShopVerification: t.field({
    type: ReviewShopVerificationPayload,
    description: 'Platform staff: approves or rejects a shop in PENDING_REVIEW.',
    ...signedIn,
    args: { input: t.arg({ type: ReviewShopVerificationInput, description: 'The decision.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError] },
    resolve: async (_root, { input }, context) => ({
      shop: await context.services.shops.reviewVerification(context, shopId(input), {
        approve: input.decision === 'APPROVE',
        reason: input.reason,
      }),
    }),
  }),
  setShopBankAccount: t.field({
    type: SetShopBankAccountPayload,
    description: "Sets the shop's payout account (OWNER; shop VERIFIED). The holder name must match the verified legal name.",
    ...signedIn,
    args: { input: t.arg({ type: SetShopBankAccountInput, description: 'The account.' }) },
    errors: { types: [...COMMON_ERRORS, BankAccountNameMismatchError, InvalidStateError] },
    resolve: async (_root, { input }, context) => {
      const id = shopId(input);
      await context.services.shops.setBankAccount(context, id, input);
      return { shop: await context.services.prisma.shop.findUniqueOrThrow({ where: { id } }) };
    },
  }),
  setShopMember: t.field({
    type: SetShopMemberPayload,
    description: 'Adds a user to the shop or changes their role (OWNER).',
    ...signedIn,
    args: { input: t.arg({ type: SetShopMemberInput, description: 'The member.' }) },
    errors: { types: [...COMMON_ERRORS, RuleViolationError] },
    resolve: async (_root, { input }, context) => {
      const id = shopId(input);
      await context.services.shops.setMember(context, id, input);
      return { shop: await context.services.prisma.shop.findUniqueOrThrow({ where: { id } }) };
    },
  }),
  removeShopMember: t.field({
    type: RemoveShopMemberPayload,
    description: 'Removes a member (OWNER). The last owner cannot be removed.',
    ...signedIn,
    args: { input: t.arg({ type: RemoveShopMemberInput, description: 'The member.' }) },
    errors: { types: [...COMMON_ERRORS, RuleViolationError] },
    resolve: async (_root, { input }, context) => {
      const id = shopId(input);
      await context.services.shops.removeMember(context, id, decodeIdOf('User', String(input.userId), ['input', 'userId']));
      return { shop: await context.services.prisma.shop.findUniqueOrThrow({ where: { id } }) };
    },
  }),
  suspendShop: t.field({
    type: SuspendShopPayload,
    description: 'Platform staff: suspends a shop; its products stop being buyable.',
    ...signedIn,
    args: { input: t.arg({ type: SuspendShopInput, description: 'The shop and reason.' }) },
    errors: { types: [...COMMON_ERRORS] },
    resolve: async (_root, { input }, context) => ({ shop: await context.services.shops.suspend(context, shopId(input), input) }),
  }),
  reinstateShop: t.field({
    type: ReinstateShopPayload,
    description: 'Platform staff: lifts a suspension.',
    ...signedIn,
    args: { input: t.arg({ type: ShopIdInput, description: 'The shop.' }) },
    errors: { types: [...COMMON_ERRORS] },
    resolve: async (_root, { input }, context) => ({ shop: await context.services.shops.reinstate(context, shopId(input)) }),
  }),
}));

// ─── Subscriptions ───

const ShopVerificationEventRef = builder.simpleObject('ShopVerificationEvent', {
  description: "A change of a shop's verification status.",
  fields: (t) => ({
    shopId: t.id({ description: 'Global id of the shop.' }),
    status: t.field({ type: VerificationStatusEnum, description: 'The new status.' }),
    reason: t.string({ nullable: true, description: 'The rejection reason, for REJECTED.' }),
    occurredAt: t.field({ type: 'DateTime', description: 'When it changed.' }),
  }),
});

builder.subscriptionField('shopVerificationChanged', (t) =>
  t.field({
    type: ShopVerificationEventRef,
    description: "Members and staff: the shop's verification status as it changes (submitted, approved, rejected).",
    ...signedIn,
    args: { shopId: t.arg.id({ description: 'The shop.' }) },
    subscribe: (_root, args, context) =>
      context.services.shops.verificationEvents(context, decodeIdOf('Shop', String(args.shopId), ['shopId'])),
    resolve: (event) => ({ ...event, shopId: encodeGlobalId('Shop', event.shopId), occurredAt: new Date(event.occurredAt) }),
  }),
);
