/**
 * Render the whole app (or one component) over the real core (core-api.ts) with a fresh store.
 * Every core started here is closed after its test (the `afterEach` below runs in the file that
 * imports this helper).
 */
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach } from 'vitest';
import { App } from '../../renderer/app';
import type { StoreOptions } from '../../renderer/store/state';
import { createAppStore, type AppStore } from '../../renderer/store/store';
import { StoreProvider } from '../../renderer/store/store-context';
import { startCoreApi, type CoreApi, type CoreApiOptions } from './core-api';

const running: CoreApi[] = [];
afterEach(async () => {
  for (const c of running.splice(0).reverse()) await c.close();
});

/** Start a real core (closed after the test) without rendering anything yet. */
export async function startCore(opts: CoreApiOptions = {}): Promise<CoreApi> {
  const c = await startCoreApi(opts);
  running.push(c);
  return c;
}

/** What a rendered test app offers: the running core and the window's store. */
export interface CoreApp extends CoreApi {
  store: AppStore;
  user: ReturnType<typeof userEvent.setup>;
}

/** Render `<App/>` (or `ui`) over a new real core, or over one already started. */
export async function renderOverCore(
  core: CoreApiOptions | CoreApi = {},
  opts: { store?: Partial<StoreOptions>; ui?: ReactNode } = {},
): Promise<CoreApp> {
  const c = 'api' in core ? core : await startCore(core);
  const store = createAppStore(c.api, { toastMs: 60_000, ...opts.store });
  const user = userEvent.setup();
  render(<StoreProvider store={store}>{opts.ui ?? <App />}</StoreProvider>);
  return { ...c, store, user };
}
