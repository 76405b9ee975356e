/**
 * Which rows an actor may see, as data. Policies decide it from the actor (pure, testable without
 * a database); repositories turn it into SQL with `scopeWhere` (src/db/scope.ts), naming the
 * columns behind each logical name ('province', 'commune', 'producer', …) for their own tables.
 */
export type RowScope =
  | { readonly all: true }
  | { readonly none: true }
  | { readonly eq: string; readonly value: string }
  | { readonly ne: string; readonly value: string }
  | { readonly and: readonly RowScope[] }
  | { readonly or: readonly RowScope[] }
  /** A named condition the repository defines (e.g. 'seated': the user sits on the round's council). */
  | { readonly fact: string; readonly value: string };

export const ALL: RowScope = { all: true };
export const NONE: RowScope = { none: true };
export const where = (column: string, value: string): RowScope => ({ eq: column, value });
export const whereNot = (column: string, value: string): RowScope => ({ ne: column, value });
export const allOf = (...parts: RowScope[]): RowScope => ({ and: parts });
export const anyOf = (...parts: RowScope[]): RowScope => ({ or: parts });
export const fact = (name: string, value: string): RowScope => ({ fact: name, value });
