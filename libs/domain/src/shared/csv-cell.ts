/**
 * A cell of text people typed, made inert for spreadsheets: one that would start like a formula
 * (`=`, `+`, `-`, `@`, tab or CR) gets a leading apostrophe. Ids, numbers, times and generated
 * secrets are written as they are and never pass through here.
 */
export function neutraliseCell(value: string | null | undefined): string {
  const text = value ?? '';
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
