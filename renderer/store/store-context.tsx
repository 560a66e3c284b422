/** React access to the store: a provider and narrow selector hooks. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AppState } from './state';
import type { AppStore } from './store';

const StoreContext = createContext<AppStore | null>(null);

/** Provide the store to the tree. */
export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store object itself (for actions and `attach`). */
export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('StoreProvider is missing');
  return store;
}

/** Select one value; re-renders only when it changes. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}

/** Select several values as an object compared shallowly. */
export function useAppShallow<T extends object>(selector: (s: AppState) => T): T {
  return useStore(useAppStoreApi(), useShallow(selector));
}
