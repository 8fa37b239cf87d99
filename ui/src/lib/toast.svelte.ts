// One transient message at a time (the newest wins), shown by <Toast />.

export type ToastKind = "success" | "error";

export interface ToastMessage {
  id: number;
  kind: ToastKind;
  text: string;
}

const DURATION_MS = { success: 3500, error: 7000 } as const;

export const toast = $state<{ current: ToastMessage | null }>({ current: null });

let nextId = 1;
let timer: ReturnType<typeof setTimeout> | undefined;

export function showToast(text: string, kind: ToastKind = "success"): void {
  const id = nextId++;
  toast.current = { id, kind, text };
  clearTimeout(timer);
  timer = setTimeout(() => dismissToast(id), DURATION_MS[kind]);
}

export function dismissToast(id?: number): void {
  if (id === undefined || toast.current?.id === id) toast.current = null;
}
