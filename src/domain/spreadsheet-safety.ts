/**
 * Protection against CSV / formula injection in exported spreadsheets (OWASP guidance):
 * a cell that a spreadsheet would read as a formula is prefixed with a single quote.
 */

const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);
// Plain negative numbers stay numbers; decimal point or Vietnamese decimal comma.
const NEGATIVE_NUMBER = /^-\d+(?:[.,]\d+)?$/;

export function neutralizeCell(value: string): string {
  if (value.length === 0 || !FORMULA_TRIGGERS.has(value.charAt(0))) return value;
  if (NEGATIVE_NUMBER.test(value)) return value;
  return `'${value}`;
}
