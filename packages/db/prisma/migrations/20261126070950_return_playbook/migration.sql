-- AlterTable
ALTER TABLE "playbooks" ADD COLUMN     "deliver_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "delivery_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "delivery_claimed_until" TIMESTAMPTZ(3),
ADD COLUMN     "last_delivery_error" TEXT;

-- CreateIndex
CREATE INDEX "playbooks_delivered_at_deliver_at_idx" ON "playbooks"("delivered_at", "deliver_at");
