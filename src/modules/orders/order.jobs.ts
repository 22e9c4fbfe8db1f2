import type { Idempotency } from '../../infra/idempotency.ts';
import type { ScheduledJob } from '../../infra/jobs.ts';
import type { OrderService } from './order.service.ts';

/** The time-based work of orders and of idempotency keys, for the composition root's JobRunner. */
export function orderJobs(orders: OrderService, idempotency: Idempotency): ScheduledJob[] {
  return [
    { name: 'order.cancelUnpaid', runDue: (now) => orders.cancelUnpaidDue(now) },
    { name: 'order.releaseHolds', runDue: (now) => orders.releaseHoldsDue(now) },
    { name: 'order.markLateDispatch', runDue: (now) => orders.markLateDispatchDue(now) },
    { name: 'order.completeDelivered', runDue: (now) => orders.completeDeliveredDue(now) },
    { name: 'idempotency.purgeExpired', runDue: (now) => idempotency.purgeExpired(now) },
  ];
}
