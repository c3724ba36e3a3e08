import { defineConfig } from 'drizzle-kit';

/** Migrations of the PostgreSQL durable store (DATABASE_URL); `drizzle.config.ts` is SQLite's. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema-pg.ts',
  out: './drizzle/pg',
});
