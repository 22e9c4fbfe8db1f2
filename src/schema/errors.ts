import {
  AlreadyExistsError,
  BankAccountNameMismatchError,
  type DomainError,
  type ErrorCode,
  InvalidCredentialsError,
  InvalidStateError,
  NotFoundError,
  PermissionDeniedError,
  RuleViolationError,
  type SellBlocker,
  SellerUnderageError,
  ShopCannotSellError,
  UploadRejectedError,
  ValidationError,
  type ValidationIssue,
} from '../infra/errors.ts';
import { IdempotencyKeyReusedError } from '../infra/idempotency.ts';
import { builder } from './builder.ts';
import { checkedInputPath } from './input-paths.ts';

/** The GraphQL face of the domain errors in src/infra/errors.ts. */

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'Stable, machine-readable codes of expected failures. New codes may be added; existing ones never change.',
  values: {
    VALIDATION_FAILED: { description: 'The input is malformed or out of range; see `issues`.' },
    NOT_FOUND: { description: 'The object does not exist or is not visible to the viewer.' },
    PERMISSION_DENIED: { description: "The viewer's role does not allow this action on an object they can see." },
    ALREADY_EXISTS: { description: 'Something with the same unique value exists already (an email, a shop name, a SKU code).' },
    INVALID_CREDENTIALS: { description: 'The email or password is incorrect, or the token is invalid or expired.' },
    INVALID_STATE: { description: "The action is not allowed in the object's current status." },
    SELLER_UNDERAGE: { description: 'Individual sellers must be at least the minimum seller age (18 by default).' },
    VERIFICATION_DOCUMENTS_MISSING: { description: 'The documents needed for verification have not all been uploaded.' },
    BANK_ACCOUNT_NAME_MISMATCH: { description: "The bank account holder's name differs from the shop's verified legal name." },
    SHOP_CANNOT_SELL: { description: 'The shop is not verified, has no bank account, or is suspended.' },
    UPLOAD_REJECTED: { description: 'The uploaded file is too large, empty or of a type that is not accepted.' },
    LAST_OWNER: { description: 'A shop must keep at least one owner.' },
    LINK_RULE_VIOLATED: { description: 'A rule of account links was broken (one official account per shop, at most four marketing accounts, churn limits); `rule` names it.' },
    LIVE_STREAM_STATUS: { description: 'The live stream is not in a status that allows this (start a SCHEDULED stream, pin on a LIVE one); `currentStatus` names where it is.' },
    PRODUCT_NOT_IN_STREAM: { description: "The product is not among the live stream's products: add it first." },
    INSUFFICIENT_STOCK: { description: 'The stock would go below zero; `InsufficientStockError` says how much there is.' },
    VERSION_CONFLICT: { description: 'The object changed since the version the client sent: reload it and retry with the new version.' },
    LIMIT_REACHED: { description: 'A collection is full (SKUs of a product, products of a showcase); the message gives the limit.' },
    LAST_SKU: { description: 'A product keeps at least one SKU: add another before removing this one.' },
    SKU_HAS_ORDERS: { description: 'A SKU that was ever ordered cannot be removed; set its stock to 0 instead.' },
    NOT_ELIGIBLE: { description: 'The creator account may not do this with this product or plan (no link or joined plan covers it, or the plan is not open to it).' },
    VOUCHER_INVALID: { description: 'The voucher code cannot be used for this cart; `reason` says why.' },
    FLASH_DEAL_OVER: { description: 'The flash deal has fewer units left at its price than asked for (or has ended); `quantityLeft` says how many.' },
    SHIPPING_UNAVAILABLE: { description: "The shop's shipping template has no fee for this destination and weight." },
    IDEMPOTENCY_KEY_REUSED: { description: 'The idempotency key was used before with different input; use a new key for a new request.' },
    OUT_OF_STOCK: { description: 'Fewer units are in stock than asked for; `available` says how many are left.' },
    NOT_BUYABLE: { description: 'The product is not on sale (not ACTIVE, or its shop cannot sell).' },
    PURCHASE_LIMIT_REACHED: { description: 'The buyer would exceed the most units of a product one buyer may have.' },
    ILLEGAL_TRANSITION: { description: 'The order cannot make this change from its current status; `currentStatus` names it.' },
    PAYMENT_DECLINED: { description: 'The payment provider declined the payment; the order stays unpaid.' },
    PAYMENT_WINDOW_CLOSED: { description: 'The time to pay has passed; the order is being cancelled.' },
  } satisfies Record<ErrorCode, { description: string }>,
});

/** The interface every typed error implements, so clients can always select `code message field`. */
export const UserErrorInterface = builder.interfaceRef<DomainError>('UserError').implement({
  description: 'An expected failure of a mutation, returned as data rather than as a GraphQL error.',
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, description: 'Machine-readable error code.', resolve: (error) => error.code }),
    message: t.exposeString('message', { description: 'Human-readable explanation, in English.' }),
    field: t.stringList({
      nullable: true,
      description: 'Path of the input field the error is about, e.g. ["input", "holderName"]; null when it is about no single field.',
      resolve: (error, _args, _context, info) => (error.field ? checkedInputPath(error.field, info) : null),
    }),
  }),
});

const ValidationIssueRef = builder.objectRef<ValidationIssue>('ValidationIssue').implement({
  description: 'One invalid input field.',
  fields: (t) => ({
    field: t.stringList({
      description: 'Path of the invalid input field.',
      resolve: (issue, _args, _context, info) => checkedInputPath(issue.field, info),
    }),
    message: t.exposeString('message', { description: 'What is wrong with it.' }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'Some input fields are invalid.',
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    issues: t.field({
      type: [ValidationIssueRef],
      description: 'Every invalid field, not only the first.',
      resolve: (error) => [...error.issues],
    }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'The object does not exist or is not visible to the viewer.',
  interfaces: [UserErrorInterface],
});

builder.objectType(PermissionDeniedError, {
  name: 'PermissionDeniedError',
  description: "The viewer's role does not allow this action.",
  interfaces: [UserErrorInterface],
});

builder.objectType(AlreadyExistsError, {
  name: 'AlreadyExistsError',
  description: 'A unique value is taken already.',
  interfaces: [UserErrorInterface],
});

builder.objectType(InvalidCredentialsError, {
  name: 'InvalidCredentialsError',
  description: 'The email or password is incorrect, or the token is invalid or expired.',
  interfaces: [UserErrorInterface],
});

builder.objectType(InvalidStateError, {
  name: 'InvalidStateError',
  description: "The action is not allowed in the object's current status.",
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    currentState: t.exposeString('currentState', { description: 'The status the object is in.' }),
  }),
});

builder.objectType(RuleViolationError, {
  name: 'RuleViolationError',
  description: 'A business rule was broken; `code` names the rule.',
  interfaces: [UserErrorInterface],
});

builder.objectType(SellerUnderageError, {
  name: 'SellerUnderageError',
  description: 'The individual seller is younger than the minimum seller age.',
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    minimumAge: t.exposeInt('minimumAge', { description: 'The minimum age in years.' }),
  }),
});

builder.objectType(BankAccountNameMismatchError, {
  name: 'BankAccountNameMismatchError',
  description: "The bank account holder's name does not match the shop's verified legal name.",
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    expectedName: t.exposeString('expectedName', { description: 'The verified legal name the holder name must match.' }),
  }),
});

export const SellBlockerEnum = builder.enumType('SellBlocker', {
  description: 'A reason why a shop cannot sell.',
  values: {
    NOT_VERIFIED: { description: 'The shop has not passed verification.' },
    NO_BANK_ACCOUNT: { description: 'The shop has no bank account for payouts.' },
    SUSPENDED: { description: 'Platform staff suspended the shop.' },
  } satisfies Record<SellBlocker, { description: string }>,
});

builder.objectType(ShopCannotSellError, {
  name: 'ShopCannotSellError',
  description: 'The shop cannot sell: it must be verified, have a bank account and not be suspended.',
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    blockers: t.field({
      type: [SellBlockerEnum],
      description: 'Everything that stands in the way, not only the first.',
      resolve: (error) => [...error.blockers],
    }),
  }),
});

builder.objectType(UploadRejectedError, {
  name: 'UploadRejectedError',
  description: 'The uploaded file was refused (size, type or emptiness).',
  interfaces: [UserErrorInterface],
});

builder.objectType(IdempotencyKeyReusedError, {
  name: 'IdempotencyKeyReusedError',
  description: 'The idempotency key was used before with different input. Nothing was done; use a new key for a new request.',
  interfaces: [UserErrorInterface],
});

/** Errors every mutation can return. */
export const COMMON_ERRORS = [ValidationError, NotFoundError, PermissionDeniedError] as const;
export {
  AlreadyExistsError,
  IdempotencyKeyReusedError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
  BankAccountNameMismatchError,
  InvalidCredentialsError,
  InvalidStateError,
  RuleViolationError,
  SellerUnderageError,
  ShopCannotSellError,
  UploadRejectedError,
};
