-- CreateIndex
CREATE INDEX "Shop_verificationStatus_submittedAt_id_idx" ON "Shop"("verificationStatus", "submittedAt", "id");

-- CreateIndex
CREATE INDEX "Product_status_title_id_idx" ON "Product"("status", "title", "id");
