/**
 * Expected failures of the domain. Services throw them; the GraphQL layer turns each class into a typed
 * member of the mutation's result union (see src/schema/errors.ts), so clients get a stable `code`, a
 * message and the offending input field. Throwing (rather than returning) means a failure inside a
 * transaction rolls the whole write back. Anything else that is thrown is unexpected and becomes a masked
 * GraphQL error.
 */

/** Stable, machine-readable error codes. Values are part of the API: never rename one. */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  INVALID_STATE: 'INVALID_STATE',
  SELLER_UNDERAGE: 'SELLER_UNDERAGE',
  VERIFICATION_DOCUMENTS_MISSING: 'VERIFICATION_DOCUMENTS_MISSING',
  BANK_ACCOUNT_NAME_MISMATCH: 'BANK_ACCOUNT_NAME_MISMATCH',
  SHOP_CANNOT_SELL: 'SHOP_CANNOT_SELL',
  UPLOAD_REJECTED: 'UPLOAD_REJECTED',
  LAST_OWNER: 'LAST_OWNER',
  LINK_RULE_VIOLATED: 'LINK_RULE_VIOLATED',
  NOT_ELIGIBLE: 'NOT_ELIGIBLE',
  LIVE_STREAM_STATUS: 'LIVE_STREAM_STATUS',
  PRODUCT_NOT_IN_STREAM: 'PRODUCT_NOT_IN_STREAM',
  INSUFFICIENT_STOCK: 'INSUFFICIENT_STOCK',
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  LIMIT_REACHED: 'LIMIT_REACHED',
  LAST_SKU: 'LAST_SKU',
  SKU_HAS_ORDERS: 'SKU_HAS_ORDERS',
  VOUCHER_INVALID: 'VOUCHER_INVALID',
  FLASH_DEAL_OVER: 'FLASH_DEAL_OVER',
  SHIPPING_UNAVAILABLE: 'SHIPPING_UNAVAILABLE',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  NOT_BUYABLE: 'NOT_BUYABLE',
  PURCHASE_LIMIT_REACHED: 'PURCHASE_LIMIT_REACHED',
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  PAYMENT_DECLINED: 'PAYMENT_DECLINED',
  PAYMENT_WINDOW_CLOSED: 'PAYMENT_WINDOW_CLOSED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Path of an input field, from the mutation's `input` argument, e.g. `['input', 'skus', '0', 'price']`. */
export type FieldPath = readonly string[];

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** The input field the error is about, when there is one. */
  readonly field: FieldPath | null;

  constructor(message: string, field: FieldPath | null = null) {
    // No stack trace: a domain error is an answer, not a defect, and no log prints it. Pothos's errors
    // plugin reads every own property of the error it returns, which would format the trace (through
    // the source maps) for each refused request, a few per cent of a refusal such as a sold-out SKU's.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = new.target.name;
    this.field = field;
  }
}

export interface ValidationIssue {
  field: FieldPath;
  message: string;
}

/** Input that is malformed or out of range. Carries every issue, not only the first. */
export class ValidationError extends DomainError {
  readonly code = ErrorCode.VALIDATION_FAILED;
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    const first = issues[0];
    super(
      issues.length === 1 && first ? first.message : `${issues.length} input fields are invalid`,
      first?.field ?? null,
    );
    this.issues = issues;
  }

  static single(field: FieldPath, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

/** The object does not exist, or the viewer may not see it: the two are deliberately indistinguishable. */
export class NotFoundError extends DomainError {
  readonly code = ErrorCode.NOT_FOUND;
  constructor(readonly resource: string, field: FieldPath | null = null) {
    super(`${resource} not found`, field);
  }
}

/** The viewer can see the object but their role does not allow this action. */
export class PermissionDeniedError extends DomainError {
  readonly code = ErrorCode.PERMISSION_DENIED;
  constructor(message: string) {
    super(message);
  }
}

export class AlreadyExistsError extends DomainError {
  readonly code = ErrorCode.ALREADY_EXISTS;
}

export class InvalidCredentialsError extends DomainError {
  readonly code = ErrorCode.INVALID_CREDENTIALS;
  constructor() {
    super('Email or password is incorrect');
  }
}

/** The action is not allowed in the object's current status. */
export class InvalidStateError extends DomainError {
  readonly code = ErrorCode.INVALID_STATE;
  constructor(message: string, readonly currentState: string) {
    super(message);
  }
}

/** A broken business rule with its own code, for rules that carry no extra data. */
export class RuleViolationError extends DomainError {
  constructor(
    // Codes of their own classes are excluded: INVALID_STATE is InvalidStateError's, about a status.
    readonly code: Exclude<ErrorCode, 'VALIDATION_FAILED' | 'NOT_FOUND' | 'PERMISSION_DENIED' | 'INVALID_STATE' | 'INSUFFICIENT_STOCK' | 'VERSION_CONFLICT'>,
    message: string,
    field: FieldPath | null = null,
  ) {
    super(message, field);
  }
}

export class SellerUnderageError extends DomainError {
  readonly code = ErrorCode.SELLER_UNDERAGE;
  constructor(readonly minimumAge: number) {
    super(`Individual sellers must be at least ${minimumAge} years old`, ['input', 'dateOfBirth']);
  }
}

export class BankAccountNameMismatchError extends DomainError {
  readonly code = ErrorCode.BANK_ACCOUNT_NAME_MISMATCH;
  constructor(readonly expectedName: string) {
    super(`The account holder name must match the shop's verified legal name (${expectedName})`, [
      'input',
      'holderName',
    ]);
  }
}

/** Why a shop cannot sell; several can hold at once. */
export const SellBlocker = {
  NOT_VERIFIED: 'NOT_VERIFIED',
  NO_BANK_ACCOUNT: 'NO_BANK_ACCOUNT',
  SUSPENDED: 'SUSPENDED',
} as const;
export type SellBlocker = (typeof SellBlocker)[keyof typeof SellBlocker];

export class ShopCannotSellError extends DomainError {
  readonly code = ErrorCode.SHOP_CANNOT_SELL;
  constructor(readonly blockers: readonly SellBlocker[], field: FieldPath | null = null) {
    super(`The shop cannot sell yet: ${blockers.join(', ')}`, field);
  }
}

export class UploadRejectedError extends DomainError {
  readonly code = ErrorCode.UPLOAD_REJECTED;
  constructor(message: string, field: FieldPath) {
    super(message, field);
  }
}

/** True for a unique-constraint violation reported by Prisma (P2002): the database settled a race. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 'P2002';
}
