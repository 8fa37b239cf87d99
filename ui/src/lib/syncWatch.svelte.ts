// The sync status, shared by the sidebar and the Sync screen: loaded once, then refreshed whenever the backend
// says it changed (`sync-changed`: progress, a sync done, an error) and every few seconds for the countdown.

import { listen } from "@tauri-apps/api/event";
import { api, toApiError, type AgentStatus, type ApiError } from "./api";

export const syncWatch = $state<{ status: AgentStatus | null; error: ApiError | null }>({
  status: null,
  error: null,
});

let started = false;
let inFlight = false;
let again = false;

/** Load the status now (coalescing calls made while one is in flight). */
export async function refreshSync(): Promise<void> {
  if (inFlight) {
    again = true;
    return;
  }
  inFlight = true;
  try {
    do {
      again = false;
      try {
        syncWatch.status = await api.syncStatus();
        syncWatch.error = null;
      } catch (e) {
        syncWatch.error = toApiError(e);
      }
    } while (again);
  } finally {
    inFlight = false;
  }
}

/** Start watching (once per app). */
export function startSyncWatch(): void {
  if (started) return;
  started = true;
  void refreshSync();
  listen("sync-changed", () => void refreshSync()).catch(() => {
    // Outside the desktop shell there are no events; the timer still refreshes.
  });
  setInterval(() => void refreshSync(), 3000);
}

/** One word for the state of sync, for the status line and its colour. */
export type SyncState = "never" | "signed_out" | "running" | "offline" | "error" | "waiting" | "ok";

export function syncStateOf(s: AgentStatus | null): SyncState {
  if (!s || !s.server_url) return "never";
  if (s.running) return "running";
  if (!s.signed_in || s.failure === "signed_out") return "signed_out";
  if (s.failure === "offline") return "offline";
  if (s.failure) return "error";
  if (s.pending_changes > 0 || !s.last_sync_at) return "waiting";
  return "ok";
}
