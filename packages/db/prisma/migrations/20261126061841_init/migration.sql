-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Plan" AS ENUM ('free', 'team_growth');

-- CreateEnum
CREATE TYPE "EmailCategory" AS ENUM ('urgent', 'action_required', 'fyi', 'newsletter', 'promotional', 'resolved');

-- CreateTable
CREATE TABLE "accounts" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "plan" "Plan" NOT NULL DEFAULT 'free',
    "inbound_token" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "vip_senders" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "urgent_keywords" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "name" TEXT,
    "key_hash" TEXT NOT NULL,
    "display_prefix" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ooo_sessions" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "start_date" TIMESTAMPTZ(3) NOT NULL,
    "end_date" TIMESTAMPTZ(3) NOT NULL,
    "return_date" TIMESTAMPTZ(3) NOT NULL,
    "auto_reply_message" TEXT,
    "cancelled_at" TIMESTAMPTZ(3),
    "ended_early_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ooo_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "emails" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "thread_id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "from_email" TEXT NOT NULL,
    "from_name" TEXT,
    "to_addresses" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "cc_addresses" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "body_text" TEXT NOT NULL DEFAULT '',
    "category" "EmailCategory" NOT NULL,
    "urgency_score" INTEGER NOT NULL,
    "ai_summary" TEXT NOT NULL,
    "auto_replied" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL DEFAULT 'inbound',
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "emails_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "playbooks" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "action_items" JSONB NOT NULL,
    "fyi_items" JSONB NOT NULL,
    "resolved_items" JSONB NOT NULL,
    "total_emails" INTEGER NOT NULL,
    "filtered_emails" INTEGER NOT NULL,
    "time_saved_minutes" INTEGER NOT NULL,
    "delivered_at" TIMESTAMPTZ(3),
    "viewed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "playbooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_state" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "app_state_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "accounts_inbound_token_key" ON "accounts"("inbound_token");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "api_keys_account_id_created_at_id_idx" ON "api_keys"("account_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ooo_sessions_account_id_created_at_id_idx" ON "ooo_sessions"("account_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ooo_sessions_account_id_start_date_end_date_idx" ON "ooo_sessions"("account_id", "start_date", "end_date");

-- CreateIndex
CREATE INDEX "emails_account_id_received_at_id_idx" ON "emails"("account_id", "received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "emails_session_id_received_at_id_idx" ON "emails"("session_id", "received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "emails_account_id_category_received_at_id_idx" ON "emails"("account_id", "category", "received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "emails_session_id_category_idx" ON "emails"("session_id", "category");

-- CreateIndex
CREATE INDEX "emails_account_id_thread_id_idx" ON "emails"("account_id", "thread_id");

-- CreateIndex
CREATE UNIQUE INDEX "emails_account_id_message_id_key" ON "emails"("account_id", "message_id");

-- CreateIndex
CREATE UNIQUE INDEX "playbooks_session_id_key" ON "playbooks"("session_id");

-- CreateIndex
CREATE INDEX "playbooks_account_id_created_at_id_idx" ON "playbooks"("account_id", "created_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ooo_sessions" ADD CONSTRAINT "ooo_sessions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "emails" ADD CONSTRAINT "emails_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "emails" ADD CONSTRAINT "emails_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "ooo_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "playbooks" ADD CONSTRAINT "playbooks_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "playbooks" ADD CONSTRAINT "playbooks_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "ooo_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Raw SQL below: Prisma cannot express these constraints in schema.prisma.

-- btree_gist lets one GiST index compare "account_id" with = next to a range with &&.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- A session ends after it starts.
ALTER TABLE "ooo_sessions" ADD CONSTRAINT "ooo_sessions_end_after_start" CHECK ("end_date" > "start_date");

-- No two live (not cancelled) sessions of one account overlap. Intervals are half-open
-- [start, end): back-to-back sessions are fine. Violations raise SQLSTATE 23P01.
ALTER TABLE "ooo_sessions" ADD CONSTRAINT "ooo_sessions_no_overlap"
    EXCLUDE USING gist ("account_id" WITH =, tstzrange("start_date", "end_date", '[)') WITH &&)
    WHERE ("cancelled_at" IS NULL);
