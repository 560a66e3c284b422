/** Render the whole app (or one component) over a fake api with a fresh store. */
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { App } from '../../renderer/app';
import type { StoreOptions } from '../../renderer/store/state';
import { createAppStore, type AppStore } from '../../renderer/store/store';
import { StoreProvider } from '../../renderer/store/store-context';
import { createFakeApi, type FakeApi, type FakeWorld } from './fake-api';

/** What a rendered test app offers. */
export interface TestApp {
  fake: FakeApi;
  store: AppStore;
  user: ReturnType<typeof userEvent.setup>;
}

/** Render `<App/>` (or `ui`) over a new fake world. */
export function renderApp(
  world: Partial<FakeWorld> = {},
  opts: { store?: Partial<StoreOptions>; ui?: ReactNode; fake?: FakeApi } = {},
): TestApp {
  const fake = opts.fake ?? createFakeApi(world);
  const store = createAppStore(fake.api, { toastMs: 60_000, ...opts.store });
  const user = userEvent.setup();
  render(<StoreProvider store={store}>{opts.ui ?? <App />}</StoreProvider>);
  return { fake, store, user };
}
