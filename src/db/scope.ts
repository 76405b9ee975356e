import { and, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { RowScope } from '../core/scope';

export type ScopeColumns = Readonly<Record<string, AnyColumn | SQL>>;
export type ScopeFacts = Readonly<Record<string, (value: string) => SQL>>;

/**
 * A policy's row scope as a WHERE condition (undefined: every row). A logical column or fact the
 * repository did not name is a programming error, not an empty list.
 */
export function scopeWhere(scope: RowScope, columns: ScopeColumns, facts: ScopeFacts = {}): SQL | undefined {
  const col = (name: string) => {
    const c = columns[name];
    if (!c) throw new Error(`scope column "${name}" is not mapped`);
    return c;
  };
  if ('all' in scope) return undefined;
  if ('none' in scope) return sql`false`;
  if ('eq' in scope) return sql`${col(scope.eq)} = ${scope.value}`;
  if ('ne' in scope) return sql`${col(scope.ne)} <> ${scope.value}`;
  if ('fact' in scope) {
    const f = facts[scope.fact];
    if (!f) throw new Error(`scope fact "${scope.fact}" is not defined`);
    return f(scope.value);
  }
  const parts = ('and' in scope ? scope.and : scope.or).map((s) => scopeWhere(s, columns, facts));
  if ('and' in scope) {
    const kept = parts.filter((p): p is SQL => p !== undefined);
    return kept.length === 0 ? undefined : and(...kept);
  }
  if (parts.some((p) => p === undefined)) return undefined;
  return or(...(parts as SQL[]));
}
