import { defineConfig } from 'prisma/config';

// Only `prisma generate` is used: migrations are generated and applied by
// scripts/db-migration.ts and src/infra/database/migrate.ts, which work offline.
export default defineConfig({
  schema: 'prisma/schema.prisma',
});
