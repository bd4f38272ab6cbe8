/**
 * Cells a spreadsheet would run as a formula (= + - @, or a leading tab or carriage return) are written
 * with a leading apostrophe, which spreadsheets show as text. Used by every CSV the project writes.
 */
export function formulaSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
