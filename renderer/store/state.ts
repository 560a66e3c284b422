/**
 * The shape of the one renderer store and the signature every slice is written against.
 * Slices never persist anything: main owns the data, the store is a projection of it.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { Api } from '../../app/shared/contract';
import type { ConnectivitySlice } from './connectivity-slice';
import type { DownloadsSlice } from './downloads-slice';
import type { JobsSlice } from './jobs-slice';
import type { LibrarySlice } from './library-slice';
import type { SessionSlice } from './session-slice';
import type { UiSlice } from './ui-slice';
import type { UploadsSlice } from './uploads-slice';
import type { MultiClipSlice } from './multiclip-slice';
import type { CompareSlice } from './compare-slice';

/** Everything the renderer knows, built from typed slices. */
export type AppState = SessionSlice &
  ConnectivitySlice &
  LibrarySlice &
  JobsSlice &
  DownloadsSlice &
  UploadsSlice &
  MultiClipSlice &
  CompareSlice &
  UiSlice;

/** Knobs tests turn; the app uses the defaults. */
export interface StoreOptions {
  /** How long "Undo" stays offered after a delete before `jobs:delete` is called. */
  undoMs: number;
  /** How long an ordinary toast stays. */
  toastMs: number;
  /** Rows per `jobs:list` page. */
  historyPageSize: number;
  /** Videos per `library:list-videos` page. */
  videoPageSize: number;
}

/** Defaults of {@link StoreOptions}. */
export const DEFAULT_STORE_OPTIONS: StoreOptions = {
  undoMs: 5000,
  toastMs: 4000,
  historyPageSize: 100,
  videoPageSize: 200,
};

/** What a slice gets: the store's setter and getter, the api and the options. */
export interface SliceContext {
  set: StoreApi<AppState>['setState'];
  get: StoreApi<AppState>['getState'];
  api: Api;
  options: StoreOptions;
}

/** A slice factory. */
export type SliceCreator<T> = (ctx: SliceContext) => T;
