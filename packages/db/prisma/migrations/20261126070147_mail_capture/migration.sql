-- CreateEnum
CREATE TYPE "AutoReplyStatus" AS ENUM ('pending', 'sent', 'failed');

-- AlterTable
ALTER TABLE "emails" ADD COLUMN     "deadline" TIMESTAMPTZ(3),
ADD COLUMN     "in_reply_to" TEXT,
ADD COLUMN     "participants" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "references" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "settles_thread" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "thread_subject" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "auto_replies" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "email_id" TEXT NOT NULL,
    "sender_address" TEXT NOT NULL,
    "status" "AutoReplyStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "last_error" TEXT,
    "message_id" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "auto_replies_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "auto_replies_email_id_key" ON "auto_replies"("email_id");

-- CreateIndex
CREATE INDEX "auto_replies_status_next_attempt_at_idx" ON "auto_replies"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "auto_replies_session_id_sender_address_key" ON "auto_replies"("session_id", "sender_address");

-- CreateIndex
CREATE INDEX "emails_references_idx" ON "emails" USING GIN ("references");

-- CreateIndex
CREATE INDEX "emails_account_id_in_reply_to_idx" ON "emails"("account_id", "in_reply_to");

-- CreateIndex
CREATE INDEX "emails_account_id_thread_subject_idx" ON "emails"("account_id", "thread_subject");

-- AddForeignKey
ALTER TABLE "auto_replies" ADD CONSTRAINT "auto_replies_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auto_replies" ADD CONSTRAINT "auto_replies_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "ooo_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auto_replies" ADD CONSTRAINT "auto_replies_email_id_fkey" FOREIGN KEY ("email_id") REFERENCES "emails"("id") ON DELETE CASCADE ON UPDATE CASCADE;
