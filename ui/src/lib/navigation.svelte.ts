import type { Role } from "./bindings";
import { dismissToast } from "./toast.svelte";

// Which screen is shown (and which record on it), and the guard a screen with unsaved work registers so leaving
// it asks first. "customers" is the Accounts screen (its id stays, as on the wire).

export const SCREENS = [
  "today",
  "customers",
  "opportunities",
  "catalog",
  "quotes",
  "library",
  "approvals",
  "sync",
  "settings",
] as const;
/** A screen of the sidebar. */
export type SidebarScreen = (typeof SCREENS)[number];
/** Every screen: the sidebar's, and those opened from a record (a proposal, from its opportunity). */
export type Screen = SidebarScreen | "proposals";

/** Screens only some roles see: Approvals is for managers and admins. */
export function screensFor(role: Role | null | undefined): SidebarScreen[] {
  const mayApprove = role === "manager" || role === "admin";
  return SCREENS.filter((s) => s !== "approvals" || mayApprove);
}

/** A new quote started from an opportunity: saved as one of its quotes, for its account. */
export interface QuoteFor {
  opportunityId: string;
  accountId: string;
  accountName: string;
}

export const nav = $state<{
  screen: Screen;
  /** The record the screen opens (an account, an opportunity, a quote); `null`: its list. */
  record: string | null;
  /** With `record` null on Quotes: a new quote for this opportunity. */
  quoteFor: QuoteFor | null;
  /** Bumped on every navigation, so a screen opened again on the same record starts afresh. */
  visit: number;
}>({ screen: "today", record: null, quoteFor: null, visit: 0 });

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

/** Show `screen`'s list (its start), asking first when unsaved work would be lost. */
export async function navigate(screen: Screen): Promise<void> {
  if (screen === nav.screen && nav.record === null && nav.quoteFor === null) return;
  await open(screen, null);
}

/** Show a record: an account ("customers"), an opportunity, a quote; `null` shows the screen's list. */
export async function open(screen: Screen, record: string | null, quoteFor: QuoteFor | null = null): Promise<void> {
  if (!(await mayLeave())) return;
  dismissToast(); // a message about the screen being left means nothing on the next one
  nav.screen = screen;
  nav.record = record;
  nav.quoteFor = quoteFor;
  nav.visit += 1;
}
