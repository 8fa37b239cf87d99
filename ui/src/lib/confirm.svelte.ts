// An in-app confirmation dialog (rendered by <ConfirmDialog />) instead of `window.confirm`, which not every
// webview implements the same way and which WebDriver tests handle awkwardly.

export interface ConfirmRequest {
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  resolve: (ok: boolean) => void;
}

export const confirmState = $state<{ request: ConfirmRequest | null }>({ request: null });

export function askConfirm(message: string, confirmLabel: string, cancelLabel: string): Promise<boolean> {
  confirmState.request?.resolve(false);
  return new Promise((resolve) => {
    confirmState.request = { message, confirmLabel, cancelLabel, resolve };
  });
}

export function answerConfirm(ok: boolean): void {
  const request = confirmState.request;
  confirmState.request = null;
  request?.resolve(ok);
}
