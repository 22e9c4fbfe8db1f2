-- AlterTable
ALTER TABLE "CreatorAccount" ADD COLUMN     "region" "Region" NOT NULL;
