/**
 * A stored timestamp (RFC 3339) as this laptop's local date and time, written the way `domain::format` writes
 * dates in both languages: `2026-12-05 23:55`. `none` when there is none, and the text as stored when it
 * cannot be read.
 */
export function dateTime(iso: string | null | undefined, none: string): string {
  if (!iso) return none;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
