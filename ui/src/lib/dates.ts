/**
 * A stored timestamp (RFC 3339) as a date and time in `locale` (the app's language); `none` when there is
 * none, and the text as stored when it cannot be read.
 */
export function dateTime(
  iso: string | null | undefined,
  locale: string | null | undefined,
  none: string,
): string {
  if (!iso) return none;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(locale ?? undefined);
}
