import { DomainError, ErrorCode, type FieldPath } from '../../infra/errors.ts';

/**
 * Expected failures of the catalogue that carry data of their own, each with its own code; their GraphQL
 * types (registered in catalog.schema.ts) add the numbers a client needs to recover.
 */

/** A stock decrease would take the SKU below zero. Nothing was changed. */
export class InsufficientStockError extends DomainError {
  readonly code = ErrorCode.INSUFFICIENT_STOCK;
  constructor(
    readonly available: number,
    readonly requested: number,
    field: FieldPath | null = ['input', 'delta'],
  ) {
    super(`Only ${available} in stock: cannot take ${requested} away`, field);
  }
}

/** A compare-and-set update named a version the SKU is no longer at: someone changed it in between. */
export class SkuVersionConflictError extends DomainError {
  readonly code = ErrorCode.VERSION_CONFLICT;
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `The SKU changed since version ${expectedVersion}; it is now at version ${currentVersion}. Reload it and try again`,
      ['input', 'expectedVersion'],
    );
  }
}
