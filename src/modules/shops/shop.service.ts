import { z } from 'zod';
import { requireStaff, requireViewer, type ServiceContext } from '../../context.ts';
import type { BankAccount, Prisma, Shop, ShopMember, VerificationDocument } from '../../generated/prisma/client.ts';
import {
  BusinessType,
  type DocumentKind,
  Region,
  ShopMemberRole,
  type VerificationStatus,
} from '../../generated/prisma/enums.ts';
import {
  AlreadyExistsError,
  BankAccountNameMismatchError,
  ErrorCode,
  type FieldPath,
  InvalidStateError,
  isUniqueViolation,
  NotFoundError,
  PermissionDeniedError,
  RuleViolationError,
  SellerUnderageError,
  ShopCannotSellError,
  UploadRejectedError,
  ValidationError,
} from '../../infra/errors.ts';
import { parseInput } from '../../infra/validation.ts';
import type { Dependencies } from '../../services.ts';
import { email } from '../auth/auth.service.ts';
import type { ShopVerificationChanged } from './shop.events.ts';
import {
  ageInYears,
  DOCUMENT_CONTENT_TYPES,
  DOCUMENT_KINDS,
  foldName,
  missingDocuments,
  REGION_CURRENCY,
  SELLER_TERMS_VERSION,
  sellBlockers,
} from './shop.rules.ts';

const text = (max: number) => z.string().trim().min(1, 'Must not be empty').max(max, `Must be at most ${max} characters`);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'Must be a phone number such as +62 812 3456 7890');

const addressInput = z.object({
  recipientName: text(100),
  phone,
  line1: text(200),
  line2: text(200).nullish(),
  city: text(100),
  province: text(100).nullish(),
  postalCode: z.string().trim().regex(/^[A-Za-z0-9 -]{3,10}$/, 'Must be a postal code'),
});

const createShopInput = z
  .object({
    name: text(60).refine((name) => foldName(name).length >= 2, 'Must contain at least 2 letters or digits'),
    region: z.enum(Region),
    businessType: z.enum(BusinessType),
    pickupAddress: addressInput,
    returnAddressSameAsPickup: z.boolean(),
    returnAddress: addressInput.nullish(),
    contactEmail: email,
    contactPhone: phone,
    acceptSellerTerms: z.literal(true, 'The seller terms must be accepted'),
  })
  // `when` runs these even when other fields failed, so a client sees every problem at once.
  .refine((input) => !(input.returnAddressSameAsPickup && input.returnAddress), {
    path: ['returnAddress'],
    message: 'Leave empty when the return address is the pickup address',
    when: () => true,
  })
  .refine((input) => input.returnAddressSameAsPickup || input.returnAddress, {
    path: ['returnAddress'],
    message: 'Required unless returnAddressSameAsPickup is true',
    when: () => true,
  });

const submitInput = z.object({
  legalName: text(120),
  dateOfBirth: z.date().nullish(),
  registrationNumber: text(40).nullish(),
  representativeName: text(120).nullish(),
});

const reviewInput = z
  .object({ approve: z.boolean(), reason: text(500).nullish() })
  .refine((input) => input.approve || input.reason, { path: ['reason'], message: 'A rejection needs a reason' });

const bankAccountInput = z.object({
  holderName: text(120),
  bankName: text(80),
  accountNumber: z
    .string()
    .transform((value) => value.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^[0-9]{6,34}$/, 'Must be 6 to 34 digits')),
});

const memberInput = z.object({ email, role: z.enum(ShopMemberRole) });
const suspendInput = z.object({ reason: text(500) });

/** Roles that manage the shop's setup (verification, plans, links). */
export const MANAGER_ROLES: readonly ShopMemberRole[] = ['OWNER', 'ADMIN'];
export const ALL_ROLES: readonly ShopMemberRole[] = ['OWNER', 'ADMIN', 'OPERATOR'];

export interface DocumentUpload {
  kind: DocumentKind;
  file: File;
}

/** A shop with what decides whether it can sell. */
export type ShopWithSellState = Shop & { bankAccount: { id: string } | null };

/**
 * Shop onboarding and administration: creating shops, verification documents and review, bank accounts,
 * members and suspension. Permission rules: any member sees the shop's private data; OWNER and ADMIN
 * run verification; only the OWNER manages members and the bank account; staff review and suspend.
 * A shop that is not the viewer's reads as not found.
 */
export class ShopService {
  constructor(private readonly deps: Dependencies) {}

  /** Creates a shop in DRAFT with the viewer as its OWNER. */
  async createShop(ctx: ServiceContext, rawInput: unknown): Promise<Shop> {
    const userId = requireViewer(ctx);
    const input = parseInput(createShopInput, rawInput);
    const addressData = (address: z.output<typeof addressInput>) => ({ ...address, region: input.region });
    try {
      return await this.deps.prisma.$transaction(async (tx) => {
        const pickup = await tx.address.create({ data: addressData(input.pickupAddress) });
        const returnAddress = input.returnAddress ? await tx.address.create({ data: addressData(input.returnAddress) }) : pickup;
        return tx.shop.create({
          data: {
            name: input.name,
            nameKey: foldName(input.name),
            region: input.region,
            currency: REGION_CURRENCY[input.region],
            businessType: input.businessType,
            contactEmail: input.contactEmail,
            contactPhone: input.contactPhone,
            termsVersion: SELLER_TERMS_VERSION,
            termsAcceptedAt: this.deps.clock.now(),
            pickupAddressId: pickup.id,
            returnAddressId: returnAddress.id,
            members: { create: { userId, role: 'OWNER' } },
          },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AlreadyExistsError(`A shop named "${input.name}" already sells in ${input.region}`, ['input', 'name']);
      }
      throw error;
    }
  }

  /**
   * Stores a verification document (PDF, JPEG or PNG, checked by content, not by the name) while the
   * shop is in DRAFT or REJECTED. Only metadata and a SHA-256 of the file go to the database.
   */
  async uploadDocument(ctx: ServiceContext, shopId: string, upload: DocumentUpload): Promise<VerificationDocument> {
    const shop = await this.requireRole(ctx, shopId, MANAGER_ROLES);
    assertEditableVerification(shop.verificationStatus);
    if (!DOCUMENT_KINDS[shop.businessType].includes(upload.kind)) {
      throw ValidationError.single(
        ['input', 'kind'],
        `A ${shop.businessType.toLowerCase()} seller uploads one of ${DOCUMENT_KINDS[shop.businessType].join(', ')}`,
      );
    }
    const field = ['input', 'file'];
    const { file } = upload;
    if (file.size === 0) throw new UploadRejectedError('The file is empty', field);
    if (file.size > this.deps.config.MAX_UPLOAD_BYTES) {
      throw new UploadRejectedError(`The file is larger than ${this.deps.config.MAX_UPLOAD_BYTES} bytes`, field);
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const contentType = Object.entries(DOCUMENT_CONTENT_TYPES).find(([, matches]) => matches(bytes))?.[0];
    if (!contentType) throw new UploadRejectedError('Upload a PDF, JPEG or PNG file', field);
    const stored = await this.deps.storage.put(`shops/${shop.id}/documents`, bytes);
    try {
      return await this.deps.prisma.verificationDocument.create({
        data: {
          shopId: shop.id,
          kind: upload.kind,
          storageKey: stored.key,
          fileName: file.name.slice(0, 200) || 'document',
          contentType,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
          uploadedById: requireViewer(ctx),
        },
      });
    } catch (error) {
      await this.deps.storage.delete(stored.key);
      throw error;
    }
  }

  /**
   * Sends the shop for review with the seller's legal details. Individuals must be of the minimum seller
   * age and have an identity document on file; companies need their licence and representative's document.
   */
  async submitForVerification(ctx: ServiceContext, shopId: string, rawInput: unknown): Promise<Shop> {
    const shop = await this.requireRole(ctx, shopId, MANAGER_ROLES);
    const input = parseInput(submitInput, rawInput);
    assertEditableVerification(shop.verificationStatus);
    if (shop.businessType === 'INDIVIDUAL') {
      if (!input.dateOfBirth) throw ValidationError.single(['input', 'dateOfBirth'], 'Required for individual sellers');
      if (input.dateOfBirth > this.deps.clock.now()) throw ValidationError.single(['input', 'dateOfBirth'], 'Must be in the past');
      if (ageInYears(input.dateOfBirth, this.deps.clock.now()) < this.deps.config.SELLER_MINIMUM_AGE) {
        throw new SellerUnderageError(this.deps.config.SELLER_MINIMUM_AGE);
      }
    } else {
      const issues = [];
      if (!input.registrationNumber) issues.push({ field: ['input', 'registrationNumber'], message: 'Required for corporate sellers' });
      if (!input.representativeName) issues.push({ field: ['input', 'representativeName'], message: 'Required for corporate sellers' });
      if (issues.length > 0) throw new ValidationError(issues);
    }
    const documents = await this.deps.prisma.verificationDocument.findMany({ where: { shopId }, select: { kind: true } });
    const missing = missingDocuments(shop.businessType, new Set(documents.map((document) => document.kind)));
    if (missing.length > 0) {
      throw new RuleViolationError(ErrorCode.VERIFICATION_DOCUMENTS_MISSING, `Upload ${missing.join(' and ')} first`);
    }
    const individual = shop.businessType === 'INDIVIDUAL';
    const updated = await this.transition(shopId, ['DRAFT', 'REJECTED'], {
      verificationStatus: 'PENDING_REVIEW',
      legalName: input.legalName,
      dateOfBirth: individual ? input.dateOfBirth : null,
      registrationNumber: individual ? null : input.registrationNumber,
      representativeName: individual ? null : input.representativeName,
      rejectionReason: null,
      submittedAt: this.deps.clock.now(),
    });
    await this.publishVerification(updated);
    return updated;
  }

  /** Staff decision on a shop in review: VERIFIED, or REJECTED with a reason the seller sees. */
  async reviewVerification(ctx: ServiceContext, shopId: string, rawInput: unknown): Promise<Shop> {
    const reviewerId = requireStaff(ctx);
    const input = parseInput(reviewInput, rawInput);
    const updated = await this.transition(shopId, ['PENDING_REVIEW'], {
      verificationStatus: input.approve ? 'VERIFIED' : 'REJECTED',
      rejectionReason: input.approve ? null : (input.reason ?? null),
      reviewedAt: this.deps.clock.now(),
      reviewedById: reviewerId,
    });
    await this.publishVerification(updated);
    return updated;
  }

  /**
   * Sets the payout account. The holder's name must match the verified legal name, so the shop must be
   * verified first. The number is stored encrypted; only its last four digits are ever shown.
   */
  async setBankAccount(ctx: ServiceContext, shopId: string, rawInput: unknown): Promise<BankAccount> {
    const shop = await this.requireRole(ctx, shopId, ['OWNER']);
    const input = parseInput(bankAccountInput, rawInput);
    if (shop.verificationStatus !== 'VERIFIED' || !shop.legalName) {
      throw new InvalidStateError('Add a bank account after the shop is verified', shop.verificationStatus);
    }
    if (foldName(input.holderName) !== foldName(shop.legalName)) {
      throw new BankAccountNameMismatchError(shop.legalName);
    }
    const data = {
      holderName: input.holderName,
      bankName: input.bankName,
      accountNumberEncrypted: this.deps.encrypter.encrypt(input.accountNumber),
      accountNumberLast4: input.accountNumber.slice(-4),
    };
    return this.deps.prisma.bankAccount.upsert({ where: { shopId }, create: { shopId, ...data }, update: data });
  }

  /** Adds an existing user to the shop, or changes their role. OWNER only. */
  async setMember(ctx: ServiceContext, shopId: string, rawInput: unknown): Promise<ShopMember> {
    await this.requireRole(ctx, shopId, ['OWNER']);
    const input = parseInput(memberInput, rawInput);
    const user = await this.deps.prisma.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (!user) throw new NotFoundError('User', ['input', 'email']);
    return this.deps.prisma.$transaction(async (tx) => {
      const member = await tx.shopMember.upsert({
        where: { shopId_userId: { shopId, userId: user.id } },
        create: { shopId, userId: user.id, role: input.role },
        update: { role: input.role },
      });
      await assertOwnerRemains(tx, shopId, ['input', 'role']);
      return member;
    });
  }

  /** Removes a member. OWNER only; the last owner cannot leave. */
  async removeMember(ctx: ServiceContext, shopId: string, userId: string): Promise<void> {
    await this.requireRole(ctx, shopId, ['OWNER']);
    await this.deps.prisma.$transaction(async (tx) => {
      const removed = await tx.shopMember.deleteMany({ where: { shopId, userId } });
      if (removed.count === 0) throw new NotFoundError('Member', ['input', 'userId']);
      await assertOwnerRemains(tx, shopId, ['input', 'userId']);
    });
  }

  /** Staff: stops a shop from selling; its products disappear from every buyer-facing list. */
  async suspend(ctx: ServiceContext, shopId: string, rawInput: unknown): Promise<Shop> {
    requireStaff(ctx);
    const input = parseInput(suspendInput, rawInput);
    await this.findShop(shopId);
    return this.deps.prisma.shop.update({
      where: { id: shopId },
      data: { suspendedAt: this.deps.clock.now(), suspensionReason: input.reason },
    });
  }

  /** Staff: lifts a suspension. */
  async reinstate(ctx: ServiceContext, shopId: string): Promise<Shop> {
    requireStaff(ctx);
    await this.findShop(shopId);
    return this.deps.prisma.shop.update({ where: { id: shopId }, data: { suspendedAt: null, suspensionReason: null } });
  }

  /** Throws a typed error naming every blocker unless the shop can sell. */
  async assertCanSell(shopId: string, field: readonly string[] | null = null): Promise<void> {
    const shop = await this.findShop(shopId);
    const blockers = sellBlockers({ ...shop, hasBankAccount: shop.bankAccount !== null });
    if (blockers.length > 0) throw new ShopCannotSellError(blockers, field);
  }

  /**
   * The shop, when the viewer has one of `roles` in it. Not a member: not found (a shop's private side
   * is invisible to others). A member without the role: permission denied.
   */
  async requireRole(
    ctx: ServiceContext,
    shopId: string,
    roles: readonly ShopMemberRole[],
    field: readonly string[] = ['input', 'shopId'],
  ): Promise<ShopWithSellState> {
    const userId = requireViewer(ctx);
    const shop = await this.deps.prisma.shop.findUnique({
      where: { id: shopId },
      include: { members: { where: { userId }, select: { role: true } }, bankAccount: { select: { id: true } } },
    });
    const role = shop?.members[0]?.role;
    if (!shop || !role) throw new NotFoundError('Shop', field);
    if (!roles.includes(role)) {
      throw new PermissionDeniedError(`This needs the ${roles.join(' or ')} role in the shop; you are ${role}`);
    }
    const { members: _members, ...rest } = shop;
    return rest;
  }

  private async findShop(shopId: string): Promise<ShopWithSellState> {
    const shop = await this.deps.prisma.shop.findUnique({ where: { id: shopId }, include: { bankAccount: { select: { id: true } } } });
    if (!shop) throw new NotFoundError('Shop', ['input', 'shopId']);
    return shop;
  }

  /** A compare-and-set status change: concurrent submissions or reviews cannot both succeed. */
  private async transition(
    shopId: string,
    from: readonly VerificationStatus[],
    data: Prisma.ShopUncheckedUpdateManyInput,
  ): Promise<Shop> {
    const [updated] = await this.deps.prisma.shop.updateManyAndReturn({
      where: { id: shopId, verificationStatus: { in: [...from] } },
      data,
    });
    if (updated) return updated;
    const current = await this.findShop(shopId);
    throw new InvalidStateError(
      `Only a shop in ${from.join(' or ')} can do this; this one is ${current.verificationStatus}`,
      current.verificationStatus,
    );
  }

  /** Verification events of a shop, for its members and staff. */
  async verificationEvents(ctx: ServiceContext, shopId: string): Promise<AsyncIterable<ShopVerificationChanged>> {
    if (!ctx.viewer?.isStaff) await this.requireRole(ctx, shopId, ALL_ROLES, ['shopId']);
    return this.deps.events.pubSub.subscribe('shop.verificationChanged', shopId);
  }

  private async publishVerification(shop: Shop): Promise<void> {
    await this.deps.events.pubSub.publish('shop.verificationChanged', shop.id, {
      shopId: shop.id,
      status: shop.verificationStatus,
      reason: shop.rejectionReason,
      occurredAt: this.deps.clock.now().toISOString(),
    });
  }
}


function assertEditableVerification(status: VerificationStatus): void {
  if (status !== 'DRAFT' && status !== 'REJECTED') {
    throw new InvalidStateError(`Verification details cannot change while the shop is ${status}`, status);
  }
}

/** `field` is the input field of the change that would leave no owner (a new role, or a removed user). */
async function assertOwnerRemains(tx: Prisma.TransactionClient, shopId: string, field: FieldPath): Promise<void> {
  const owners = await tx.shopMember.count({ where: { shopId, role: 'OWNER' } });
  if (owners === 0) throw new RuleViolationError(ErrorCode.LAST_OWNER, 'A shop must keep at least one owner', field);
}
