/** What is on screen: the view, dialogs, toasts, layout and focus requests from shortcuts. */
import { settle } from './result';
import type { SliceCreator } from './state';

/** Main views of the window. */
export type View = 'library' | 'history';

/** An open dialog. */
export type DialogState =
  | { kind: 'settings' }
  | { kind: 'help' }
  | { kind: 'confirm-resend'; jobId: string }
  /** The uploads list and "Add videos…" (to the collection shown, when there is one). */
  | { kind: 'uploads' };

/** A toast; `action` adds a button (Undo). */
export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
  action?: { label: string; run: () => void };
  /** Milliseconds; defaults to the store's toastMs. */
  durationMs?: number;
}

/** Elements a shortcut can ask to focus; `n` changes on every request so effects re-run. */
export interface FocusRequest {
  target: 'prompt' | 'search';
  n: number;
}

/** UI slice. */
export interface UiSlice {
  view: View;
  dialog: DialogState | null;
  toasts: Toast[];
  layout: 'grid' | 'list';
  focusRequest: FocusRequest | null;
  /** The key is kept in memory only: a notice the user can dismiss. */
  memoryNoticeDismissed: boolean;
  setView(view: View): void;
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
  pushToast(toast: Omit<Toast, 'id'>): number;
  dismissToast(id: number): void;
  setLayout(layout: 'grid' | 'list'): void;
  requestFocus(target: FocusRequest['target']): void;
  dismissMemoryNotice(): void;
  /** Open an https link in the user's browser. */
  openExternal(url: string): Promise<void>;
  /** The version of a downloaded update waiting for a restart (installed app only), or null. */
  updateReady: string | null;
  /** Restarting into the update was asked (the app is finishing and will start again). */
  restartingToUpdate: boolean;
  applyUpdateReady(version: string): void;
  restartToUpdate(): Promise<void>;
}

/** Create the UI slice. */
export const createUiSlice: SliceCreator<UiSlice> = ({ set, get, api, options }) => {
  let nextToast = 1;
  let nextFocus = 1;
  return {
    view: 'library',
    dialog: null,
    toasts: [],
    layout: 'grid',
    focusRequest: null,
    memoryNoticeDismissed: false,
    updateReady: null,
    restartingToUpdate: false,
    setView(view) {
      set({ view });
    },
    openDialog(dialog) {
      set({ dialog });
    },
    closeDialog() {
      set({ dialog: null });
    },
    pushToast(toast) {
      const id = nextToast++;
      // Keep the last few only: a burst of copies must not bury the window.
      set((s) => ({ toasts: [...s.toasts.slice(-3), { ...toast, id }] }));
      setTimeout(() => get().dismissToast(id), toast.durationMs ?? options.toastMs);
      return id;
    },
    dismissToast(id) {
      set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
    },
    setLayout(layout) {
      set({ layout });
    },
    requestFocus(target) {
      set({ focusRequest: { target, n: nextFocus++ } });
    },
    dismissMemoryNotice() {
      set({ memoryNoticeDismissed: true });
    },
    async openExternal(url) {
      const r = await settle(api.app.openExternal({ url }));
      if (!r.ok) get().pushToast({ kind: 'error', text: r.error.message });
    },
    applyUpdateReady(version) {
      set({ updateReady: version });
    },
    async restartToUpdate() {
      if (get().restartingToUpdate) return;
      set({ restartingToUpdate: true });
      const r = await settle(api.app.restartToUpdate());
      if (!r.ok) {
        set({ restartingToUpdate: false });
        get().pushToast({ kind: 'error', text: r.error.message });
      }
    },
  };
};
