-- AlterTable
ALTER TABLE "emails" ADD COLUMN     "own_category" "EmailCategory",
ADD COLUMN     "own_urgency_score" INTEGER;
