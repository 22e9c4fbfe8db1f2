import { systemContext } from '../../context.ts';
import type { Logger } from '../../infra/logger.ts';
import type { PromotionService } from './promotion.service.ts';

/**
 * The time-based work of promotions, in the shape of the composition root's scheduled jobs: each run
 * moves what is due at `now` and says how many it moved. Safe to run on several instances at once (see
 * `PromotionService.expireEndedPromotions`).
 */
export function promotionJobs(promotions: PromotionService, log: Logger): Array<{ name: string; runDue(now: Date): Promise<number> }> {
  return [
    {
      name: 'promotion.moveStatuses',
      runDue: async (now) => {
        const moved = await promotions.expireEndedPromotions(systemContext(log, 'job:promotion.moveStatuses'), now);
        return moved.started.length + moved.ended.length;
      },
    },
  ];
}
