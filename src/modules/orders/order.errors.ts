import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { DomainError, ErrorCode, type FieldPath } from '../../infra/errors.ts';
import type { OrderAction } from './order.rules.ts';

/** Expected failures of checkout and order life, each with its own code and the data a client needs. */

/** Fewer units are in stock than the line asks for. Nothing was reserved. */
export class OutOfStockError extends DomainError {
  readonly code = ErrorCode.OUT_OF_STOCK;
  constructor(
    readonly skuId: string,
    readonly available: number,
    readonly requested: number,
    field: FieldPath,
  ) {
    super(available === 0 ? 'Sold out' : `Only ${available} left: cannot take ${requested}`, field);
  }
}

/** The SKU's product is not on sale: not ACTIVE, or its shop cannot sell. */
export class NotBuyableError extends DomainError {
  readonly code = ErrorCode.NOT_BUYABLE;
  constructor(
    readonly skuId: string,
    field: FieldPath,
  ) {
    super('This product is not on sale', field);
  }
}

/** The buyer would hold more units of a product than its per-buyer limit allows. */
export class PurchaseLimitReachedError extends DomainError {
  readonly code = ErrorCode.PURCHASE_LIMIT_REACHED;
  constructor(
    readonly limit: number,
    readonly alreadyBought: number,
    field: FieldPath,
  ) {
    super(`At most ${limit} per buyer; you have ${alreadyBought} in other orders`, field);
  }
}

/** The order's status does not allow the change. Nothing was changed. */
export class IllegalTransitionError extends DomainError {
  readonly code = ErrorCode.ILLEGAL_TRANSITION;
  constructor(
    readonly action: OrderAction,
    readonly currentStatus: OrderStatus,
  ) {
    // About the order's status, not about an input field.
    super(`Cannot ${action.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`)} an order that is ${currentStatus}`);
  }
}

/** The payment provider declined; the order is still UNPAID and can be paid again until it is due. */
export class PaymentDeclinedError extends DomainError {
  readonly code = ErrorCode.PAYMENT_DECLINED;
  constructor(readonly declineCode: string) {
    super(`The payment was declined (${declineCode})`, ['input', 'paymentMethod']);
  }
}

/** The order was not paid in time; the sweep cancels it and returns its stock. */
export class PaymentWindowClosedError extends DomainError {
  readonly code = ErrorCode.PAYMENT_WINDOW_CLOSED;
  constructor(readonly payBy: Date) {
    super(`The order had to be paid by ${payBy.toISOString()}`, ['input', 'orderId']);
  }
}
