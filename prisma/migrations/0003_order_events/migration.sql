-- CreateEnum
CREATE TYPE "OrderEventType" AS ENUM ('PLACED', 'PAID', 'CANCELLED', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'RETURN_REQUESTED');

-- CreateTable
CREATE TABLE "OrderEvent" (
    "sequence" BIGSERIAL NOT NULL,
    "orderId" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "buyerId" UUID NOT NULL,
    "type" "OrderEventType" NOT NULL,
    "status" "OrderStatus" NOT NULL,
    "actorId" UUID,
    "details" JSONB NOT NULL DEFAULT '{}',
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderEvent_pkey" PRIMARY KEY ("sequence")
);

-- CreateIndex
CREATE INDEX "OrderEvent_shopId_sequence_idx" ON "OrderEvent"("shopId", "sequence");

-- CreateIndex
CREATE INDEX "OrderEvent_buyerId_sequence_idx" ON "OrderEvent"("buyerId", "sequence");

-- CreateIndex
CREATE INDEX "OrderEvent_orderId_sequence_idx" ON "OrderEvent"("orderId", "sequence");

-- AddForeignKey
ALTER TABLE "OrderEvent" ADD CONSTRAINT "OrderEvent_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;
