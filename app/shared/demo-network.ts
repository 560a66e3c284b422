/**
 * The demo's "Simulate offline" switch, as both transports (main and the preview) answer it. The
 * demo hands the transport a {@link DemoNetworkControl} for its local server; any other run has
 * none, and the calls say so. Pure: no node, electron or DOM.
 */

/** Cuts and restores the demo's network (the local server's `offline` switch). */
export interface DemoNetworkControl {
  setOffline(offline: boolean): Promise<void>;
  isOffline(): boolean;
}

/** What `demo:network` / `demo:set-network` answer. */
export interface DemoNetworkState {
  available: boolean;
  offline: boolean;
}

/** The refusal where there is no demo network. */
export const NO_DEMO_NETWORK = 'Simulating offline is only possible in the demo.';

/**
 * The two handlers. `afterChange` runs once the switch took effect (the transports ask the core
 * to check connectivity at once, so the app notices without waiting for its next probe).
 */
export function demoNetworkHandlers(
  control: DemoNetworkControl | null,
  refuse: (message: string) => Error,
  afterChange: () => void,
): {
  'demo:network': () => Promise<DemoNetworkState>;
  'demo:set-network': (input: { offline: boolean }) => Promise<DemoNetworkState>;
} {
  const state = (): DemoNetworkState => ({
    available: control !== null,
    offline: control?.isOffline() ?? false,
  });
  return {
    'demo:network': async () => state(),
    'demo:set-network': async ({ offline }) => {
      if (control === null) throw refuse(NO_DEMO_NETWORK);
      await control.setOffline(offline);
      afterChange();
      return state();
    },
  };
}
