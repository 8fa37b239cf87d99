import type { Role } from "./bindings";
import { dismissToast } from "./toast.svelte";

// Which screen is shown, and the guard a screen with unsaved work registers so leaving it asks first.

export const SCREENS = ["customers", "catalog", "quotes", "approvals", "sync", "settings"] as const;
export type Screen = (typeof SCREENS)[number];

/** Screens only some roles see: Approvals is for managers and admins. */
export function screensFor(role: Role | null | undefined): Screen[] {
  const mayApprove = role === "manager" || role === "admin";
  return SCREENS.filter((s) => s !== "approvals" || mayApprove);
}

export const nav = $state<{ screen: Screen }>({ screen: "customers" });

/** Returns `true` when it is fine to leave (nothing unsaved, or the user agreed to discard). */
export type LeaveGuard = () => Promise<boolean>;

let guard: LeaveGuard | null = null;

/** Register a guard; the returned function removes it (call it from the screen's teardown). */
export function setLeaveGuard(fn: LeaveGuard): () => void {
  guard = fn;
  return () => {
    if (guard === fn) guard = null;
  };
}

export async function mayLeave(): Promise<boolean> {
  return guard ? guard() : true;
}

export async function navigate(screen: Screen): Promise<void> {
  if (screen === nav.screen) return;
  if (!(await mayLeave())) return;
  dismissToast(); // a message about the screen being left means nothing on the next one
  nav.screen = screen;
}
