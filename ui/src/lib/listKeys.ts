// Arrow-key movement between the clickable rows of a list (each row is a <button data-row>).

function rows(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>("[data-row]"));
}

export function focusFirstRow(container: HTMLElement | undefined): void {
  if (container) rows(container)[0]?.focus();
}

/** keydown handler for the list container: ArrowUp/ArrowDown/Home/End move between rows. */
export function onListKeydown(e: KeyboardEvent): void {
  const container = e.currentTarget as HTMLElement;
  const all = rows(container);
  const index = all.indexOf(document.activeElement as HTMLElement);
  if (index < 0) return;
  const target =
    e.key === "ArrowDown"
      ? all[index + 1]
      : e.key === "ArrowUp"
        ? all[index - 1]
        : e.key === "Home"
          ? all[0]
          : e.key === "End"
            ? all[all.length - 1]
            : undefined;
  if (target) {
    e.preventDefault();
    target.focus();
  }
}
