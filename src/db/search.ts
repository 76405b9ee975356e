import { and, sql, type AnyColumn, type SQL } from 'drizzle-orm';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Every word of `q` must appear in the column (a `search_text` column holding ocop_norm(...)).
 * The query is normalised by the same SQL function, so "mat ong" finds "Mật ong"; the
 * pg_trgm GIN index on the column serves these LIKE patterns.
 */
export function containsWords(column: AnyColumn | SQL, q: string): SQL | undefined {
  const words = q.split(/\s+/).map((w) => w.trim()).filter(Boolean).slice(0, 8);
  if (!words.length) return undefined;
  return and(...words.map((w) => sql`${column} like '%' || ocop_norm(${escapeLike(w.slice(0, 100))}) || '%'`));
}
