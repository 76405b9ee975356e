import { and, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { normalizeVi } from '../domain/text';

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

/**
 * Every word of `q` must start a word of the column (a `search_words` tsvector of ocop_norm(...)):
 * "mat o" finds "Mật ong", "shan tuy" finds "Shan tuyết". Served by the column's GIN index. A query
 * with no letters or digits matches nothing.
 */
export function startsWords(column: AnyColumn | SQL, q: string): SQL {
  const words = normalizeVi(q.slice(0, 200)).split(' ').filter(Boolean).slice(0, 8);
  if (!words.length) return sql`false`;
  // normalizeVi leaves only [a-z0-9] and spaces, so the words need no tsquery quoting.
  return sql`${column} @@ to_tsquery('simple', ${words.map((w) => `${w}:*`).join(' & ')})`;
}
