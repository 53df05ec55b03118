-- AlterTable
ALTER TABLE "emails" ADD COLUMN     "auto_reply_reason" TEXT,
ADD COLUMN     "body_html" TEXT,
ADD COLUMN     "corrected_at" TIMESTAMPTZ(3),
ADD COLUMN     "corrected_from" "EmailCategory",
ADD COLUMN     "headers" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "triage_reasons" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "category_corrections" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "email_id" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "from_category" "EmailCategory" NOT NULL,
    "to_category" "EmailCategory" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "category_corrections_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "category_corrections_account_id_sender_idx" ON "category_corrections"("account_id", "sender");

-- CreateIndex
CREATE INDEX "category_corrections_account_id_created_at_id_idx" ON "category_corrections"("account_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "category_corrections_email_id_idx" ON "category_corrections"("email_id");

-- CreateIndex
CREATE INDEX "emails_session_id_urgency_score_received_at_id_idx" ON "emails"("session_id", "urgency_score" DESC, "received_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "category_corrections" ADD CONSTRAINT "category_corrections_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "category_corrections" ADD CONSTRAINT "category_corrections_email_id_fkey" FOREIGN KEY ("email_id") REFERENCES "emails"("id") ON DELETE CASCADE ON UPDATE CASCADE;
