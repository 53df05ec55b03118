-- DropIndex
DROP INDEX "emails_session_id_category_idx";

-- CreateTable
CREATE TABLE "email_counts" (
    "account_id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "category" "EmailCategory" NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "email_counts_pkey" PRIMARY KEY ("account_id","session_id","category")
);

-- CreateTable
CREATE TABLE "session_counts" (
    "account_id" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "cancelled" INTEGER NOT NULL,

    CONSTRAINT "session_counts_pkey" PRIMARY KEY ("account_id")
);

-- CreateIndex
CREATE INDEX "email_counts_session_id_idx" ON "email_counts"("session_id");

-- CreateIndex
CREATE INDEX "emails_session_id_category_received_at_id_idx" ON "emails"("session_id", "category", "received_at" DESC, "id" DESC);

-- Below by hand: Prisma cannot express triggers.
--
-- Statement-level triggers with transition tables: a multi-row INSERT, UPDATE or DELETE (a session
-- deleted with its 100k emails) applies one aggregated delta per key, not one per row. Every delta,
-- negative ones included, goes through one INSERT .. ON CONFLICT in key order, so concurrent
-- statements lock counter rows in the same order and cannot deadlock. A decrement that finds no row
-- inserts a non-positive one, which the DELETE that follows removes, as it removes a row that
-- reached zero: the counts of a deleted session or account leave with its rows.
-- Transition tables cannot be combined with a column list (UPDATE OF category), so the update
-- trigger sees every update and keeps only the rows whose key changed (the HAVING).

CREATE FUNCTION "email_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "email_counts" AS c ("account_id", "session_id", "category", "count")
    SELECT "account_id", "session_id", "category", count(*)::int FROM new_rows
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("account_id", "session_id", "category") DO UPDATE SET "count" = c."count" + EXCLUDED."count";
    RETURN NULL;
  END IF;

  IF TG_OP = 'DELETE' THEN
    INSERT INTO "email_counts" AS c ("account_id", "session_id", "category", "count")
    SELECT "account_id", "session_id", "category", -count(*)::int FROM old_rows
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("account_id", "session_id", "category") DO UPDATE SET "count" = c."count" + EXCLUDED."count";
  ELSE
    INSERT INTO "email_counts" AS c ("account_id", "session_id", "category", "count")
    SELECT "account_id", "session_id", "category", sum(n)::int FROM (
      SELECT "account_id", "session_id", "category", 1 AS n FROM new_rows
      UNION ALL
      SELECT "account_id", "session_id", "category", -1 AS n FROM old_rows
    ) AS delta
    GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT ("account_id", "session_id", "category") DO UPDATE SET "count" = c."count" + EXCLUDED."count";
  END IF;

  DELETE FROM "email_counts" AS c
  USING (SELECT DISTINCT "account_id", "session_id", "category" FROM old_rows) AS k
  WHERE c."count" <= 0
    AND c."account_id" = k."account_id" AND c."session_id" = k."session_id" AND c."category" = k."category";
  RETURN NULL;
END $$;

CREATE FUNCTION "session_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "session_counts" AS c ("account_id", "total", "cancelled")
    SELECT "account_id", count(*)::int, count("cancelled_at")::int FROM new_rows
    GROUP BY 1 ORDER BY 1
    ON CONFLICT ("account_id") DO UPDATE
      SET "total" = c."total" + EXCLUDED."total", "cancelled" = c."cancelled" + EXCLUDED."cancelled";
    RETURN NULL;
  END IF;

  IF TG_OP = 'DELETE' THEN
    INSERT INTO "session_counts" AS c ("account_id", "total", "cancelled")
    SELECT "account_id", -count(*)::int, -count("cancelled_at")::int FROM old_rows
    GROUP BY 1 ORDER BY 1
    ON CONFLICT ("account_id") DO UPDATE
      SET "total" = c."total" + EXCLUDED."total", "cancelled" = c."cancelled" + EXCLUDED."cancelled";
  ELSE
    INSERT INTO "session_counts" AS c ("account_id", "total", "cancelled")
    SELECT "account_id", sum(total)::int, sum(cancelled)::int FROM (
      SELECT "account_id", 1 AS total, ("cancelled_at" IS NOT NULL)::int AS cancelled FROM new_rows
      UNION ALL
      SELECT "account_id", -1 AS total, -("cancelled_at" IS NOT NULL)::int AS cancelled FROM old_rows
    ) AS delta
    GROUP BY 1 HAVING sum(total) <> 0 OR sum(cancelled) <> 0 ORDER BY 1
    ON CONFLICT ("account_id") DO UPDATE
      SET "total" = c."total" + EXCLUDED."total", "cancelled" = c."cancelled" + EXCLUDED."cancelled";
  END IF;

  DELETE FROM "session_counts" AS c
  USING (SELECT DISTINCT "account_id" FROM old_rows) AS k
  WHERE c."total" <= 0 AND c."account_id" = k."account_id";
  RETURN NULL;
END $$;

CREATE FUNCTION "email_counts_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "email_counts";
  RETURN NULL;
END $$;

CREATE FUNCTION "session_counts_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "session_counts";
  RETURN NULL;
END $$;

CREATE TRIGGER "emails_count_insert" AFTER INSERT ON "emails"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "email_counts_apply"();
CREATE TRIGGER "emails_count_update" AFTER UPDATE ON "emails"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "email_counts_apply"();
CREATE TRIGGER "emails_count_delete" AFTER DELETE ON "emails"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "email_counts_apply"();
CREATE TRIGGER "emails_count_truncate" AFTER TRUNCATE ON "emails"
  FOR EACH STATEMENT EXECUTE FUNCTION "email_counts_truncate"();

CREATE TRIGGER "ooo_sessions_count_insert" AFTER INSERT ON "ooo_sessions"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "session_counts_apply"();
CREATE TRIGGER "ooo_sessions_count_update" AFTER UPDATE ON "ooo_sessions"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "session_counts_apply"();
CREATE TRIGGER "ooo_sessions_count_delete" AFTER DELETE ON "ooo_sessions"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "session_counts_apply"();
CREATE TRIGGER "ooo_sessions_count_truncate" AFTER TRUNCATE ON "ooo_sessions"
  FOR EACH STATEMENT EXECUTE FUNCTION "session_counts_truncate"();

-- Backfill after the triggers: CREATE TRIGGER locks out writers until this migration commits, so
-- no row is counted twice or missed.
INSERT INTO "email_counts" ("account_id", "session_id", "category", "count")
SELECT "account_id", "session_id", "category", count(*)::int FROM "emails" GROUP BY 1, 2, 3;

INSERT INTO "session_counts" ("account_id", "total", "cancelled")
SELECT "account_id", count(*)::int, count("cancelled_at")::int FROM "ooo_sessions" GROUP BY 1;
