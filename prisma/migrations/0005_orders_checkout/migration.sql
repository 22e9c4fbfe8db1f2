-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "OrderEventType" ADD VALUE 'HOLD_RELEASED';
ALTER TYPE "OrderEventType" ADD VALUE 'COLLECTED';
ALTER TYPE "OrderEventType" ADD VALUE 'LATE_DISPATCH';

-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "purchaseLimitPerBuyer" INTEGER;

-- AlterTable
ALTER TABLE "OrderItem" ADD COLUMN     "affiliatePlanId" UUID;

-- AlterTable
ALTER TABLE "Package" ADD COLUMN     "collectedAt" TIMESTAMPTZ(3),
ADD COLUMN     "proofOfDeliveryUrl" TEXT;

-- CreateIndex
CREATE INDEX "Order_shopId_createdAt_idx" ON "Order"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "Order_status_onHoldUntil_idx" ON "Order"("status", "onHoldUntil");

-- CreateIndex
CREATE INDEX "Order_status_dispatchBy_idx" ON "Order"("status", "dispatchBy");

-- CreateIndex
CREATE INDEX "Order_status_deliveredAt_idx" ON "Order"("status", "deliveredAt");

-- AddForeignKey
ALTER TABLE "OrderItem" ADD CONSTRAINT "OrderItem_affiliatePlanId_fkey" FOREIGN KEY ("affiliatePlanId") REFERENCES "AffiliatePlan"("id") ON DELETE SET NULL ON UPDATE CASCADE;
