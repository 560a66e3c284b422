/** Online/offline and the outbox, as the status bar shows them. */
import type { ConnectivityState } from '../../app/shared/domain';
import { settle } from './result';
import type { SliceCreator } from './state';

/** Connectivity slice. */
export interface ConnectivitySlice {
  connectivity: ConnectivityState | null;
  loadConnectivity(): Promise<void>;
  checkConnectivity(): Promise<void>;
  pauseSending(): Promise<void>;
  resumeSending(): Promise<void>;
  applyConnectivity(state: ConnectivityState): void;
  /** The demo's simulated network; null until known (and `available: false` outside the demo). */
  demoNetwork: { available: boolean; offline: boolean } | null;
  loadDemoNetwork(): Promise<void>;
  setDemoOffline(offline: boolean): Promise<void>;
}

/** Keep the newer of two states (by main's version stamp), so an older answer never wins. */
function newer(current: ConnectivityState | null, next: ConnectivityState): ConnectivityState {
  return current !== null && current.version > next.version ? current : next;
}

/** Create the connectivity slice. */
export const createConnectivitySlice: SliceCreator<ConnectivitySlice> = ({ set, get, api }) => {
  const apply = async (call: Promise<Awaited<ReturnType<typeof api.connectivity.status>>>) => {
    const r = await settle(call);
    if (r.ok) set((s) => ({ connectivity: newer(s.connectivity, r.value) }));
    else get().pushToast({ kind: 'error', text: r.error.message });
  };
  return {
    connectivity: null,
    loadConnectivity: () => apply(api.connectivity.status()),
    checkConnectivity: () => apply(api.connectivity.check()),
    pauseSending: () => apply(api.outbox.pause()),
    resumeSending: () => apply(api.outbox.resume()),
    applyConnectivity(state) {
      set((s) => ({ connectivity: newer(s.connectivity, state) }));
    },
    demoNetwork: null,
    async loadDemoNetwork() {
      const r = await settle(api.demo.network());
      set({ demoNetwork: r.ok ? r.value : { available: false, offline: false } });
    },
    async setDemoOffline(offline) {
      const r = await settle(api.demo.setNetwork({ offline }));
      if (r.ok) {
        set({ demoNetwork: r.value });
        get().pushToast({
          kind: 'success',
          text: offline
            ? 'Demo network cut. Clips you ask for now wait in the outbox.'
            : 'Demo network restored. Waiting clips go out now, each once.',
        });
      } else get().pushToast({ kind: 'error', text: r.error.message });
    },
  };
};
