/**
 * Collections, the selected collection's videos (paged on demand as the virtual list scrolls) and
 * the open video's details. Whether answers came from the saved copy is kept so the UI can say so.
 */
import type {
  AppErrorInfo,
  Collection,
  IndexingTask,
  SceneIndex,
  Video,
} from '../../app/shared/domain';
import { pagedQuery } from './paged-query';
import { settle, type Outcome } from './result';
import type { SliceCreator } from './state';

/** The open video with its scene indexes and running "make searchable" tasks. */
export interface VideoDetail {
  video: Video;
  sceneIndexes: SceneIndex[];
  fromCache: boolean;
}

/** How a video can be searched right now: `null` when unknown. */
export interface Searchable {
  speech: boolean | null;
  scenes: boolean | null;
}

/**
 * How `video` can be searched, counting a finished "make searchable" task as yes even before the
 * video is fetched again. Every part of the video pane reads this one answer, so the badges, the
 * rows and the prompt's warning never disagree.
 */
export function searchableNow(
  video: Video,
  tasks: readonly IndexingTask[] | undefined,
): Searchable {
  const done = (kind: IndexingTask['kind']) =>
    tasks?.some((t) => t.kind === kind && t.status === 'done') === true;
  return {
    speech: done('spoken') ? true : video.searchableBySpeech,
    scenes: done('scenes') ? true : video.searchableByScenes,
  };
}

/** Library slice. */
export interface LibrarySlice {
  collections: Collection[] | null;
  collectionsError: AppErrorInfo | null;
  /** True when the last library answer came from the saved copy (offline). */
  libraryFromCache: boolean;
  selectedCollectionId: string | null;
  videoSearch: string;
  /** null while the first page of the current query loads. */
  videoTotal: number | null;
  videoPages: Record<number, Video[]>;
  /** Videos per page (constant for the store's life). */
  videoPageSize: number;
  videosError: AppErrorInfo | null;
  selectedVideoId: string | null;
  videoDetail: VideoDetail | null;
  videoDetailError: AppErrorInfo | null;
  /** "Make searchable" tasks by video id, fed by `library:indexing`. */
  indexing: Record<string, IndexingTask[]>;
  loadCollections(refresh?: boolean): Promise<void>;
  selectCollection(id: string): void;
  setVideoSearch(search: string): void;
  /** Load page `page` of the current video query unless it is loaded or loading. */
  ensureVideoPage(page: number): Promise<void>;
  selectVideo(id: string | null): void;
  loadVideoDetail(): Promise<void>;
  makeSearchable(kind: 'spoken' | 'scenes', videoId?: string): Promise<Outcome<IndexingTask>>;
  refreshLibrary(): Promise<void>;
  applyIndexing(task: IndexingTask): void;
  /** `library:changed`: reload what is shown. */
  libraryChanged(collectionId: string | null): void;
}

/** Create the library slice. */
export const createLibrarySlice: SliceCreator<LibrarySlice> = ({ set, get, api, options }) => {
  // Answers for an older query (another collection or search) are dropped.
  const videos = pagedQuery();
  // Detail requests in order: an answer older than one already shown is dropped.
  let detailAsked = 0;
  let detailShown = 0;

  const resetVideos = () => {
    videos.reset();
    set({ videoTotal: null, videoPages: {}, videosError: null });
  };

  const findVideo = (id: string): Video | null => {
    const detail = get().videoDetail;
    if (detail?.video.id === id) return detail.video;
    for (const page of Object.values(get().videoPages)) {
      const v = page.find((x) => x.id === id);
      if (v !== undefined) return v;
    }
    return null;
  };

  return {
    collections: null,
    collectionsError: null,
    libraryFromCache: false,
    selectedCollectionId: null,
    videoSearch: '',
    videoTotal: null,
    videoPages: {},
    videoPageSize: options.videoPageSize,
    videosError: null,
    selectedVideoId: null,
    videoDetail: null,
    videoDetailError: null,
    indexing: {},

    async loadCollections(refresh = false) {
      const r = await settle(api.library.listCollections({ refresh }));
      if (!r.ok) {
        set({ collectionsError: r.error });
        return;
      }
      const { collections, fromCache } = r.value;
      set({ collections, collectionsError: null, libraryFromCache: fromCache });
      const current = get().selectedCollectionId;
      if (current === null || !collections.some((c) => c.id === current)) {
        const first = collections.find((c) => c.isDefault) ?? collections[0];
        if (first !== undefined) get().selectCollection(first.id);
      }
    },

    selectCollection(id) {
      if (get().selectedCollectionId === id) return;
      set({ selectedCollectionId: id, selectedVideoId: null, videoDetail: null });
      resetVideos();
      void get().ensureVideoPage(0);
    },

    setVideoSearch(search) {
      if (get().videoSearch === search) return;
      set({ videoSearch: search });
      resetVideos();
      void get().ensureVideoPage(0);
    },

    async ensureVideoPage(page) {
      const { selectedCollectionId, videoPages, videoSearch } = get();
      if (selectedCollectionId === null) return;
      const search = videoSearch.trim();
      await videos.ensure(
        page,
        videoPages[page] !== undefined,
        () =>
          settle(
            api.library.listVideos({
              collectionId: selectedCollectionId,
              offset: page * options.videoPageSize,
              limit: options.videoPageSize,
              ...(search !== '' ? { search } : {}),
            }),
          ),
        (r) => {
          if (!r.ok) {
            // A count never loaded stays unknown (null): "0 videos" would be a guess.
            set({ videosError: r.error });
            return;
          }
          set((s) => ({
            videoPages: { ...s.videoPages, [page]: r.value.videos },
            videoTotal: r.value.total,
            videosError: null,
            libraryFromCache: r.value.fromCache,
          }));
        },
      );
    },

    selectVideo(id) {
      if (get().selectedVideoId === id) return;
      const known = id === null ? null : findVideo(id);
      set({
        selectedVideoId: id,
        videoDetailError: null,
        // Show what the list already knows at once; scene indexes follow.
        videoDetail: known === null ? null : { video: known, sceneIndexes: [], fromCache: false },
      });
      if (id !== null) void get().loadVideoDetail();
    },

    async loadVideoDetail() {
      const { selectedVideoId, selectedCollectionId } = get();
      if (selectedVideoId === null) return;
      const collectionId = findVideo(selectedVideoId)?.collectionId ?? selectedCollectionId;
      if (collectionId === null) return;
      const mine = ++detailAsked;
      const r = await settle(api.library.getVideo({ videoId: selectedVideoId, collectionId }));
      if (get().selectedVideoId !== selectedVideoId || mine < detailShown) return;
      detailShown = mine;
      if (!r.ok) {
        set({ videoDetailError: r.error });
        return;
      }
      const { video, sceneIndexes, indexing, fromCache } = r.value;
      set((s) => {
        // The list may not know how a video can be searched; the detail does: keep them in step.
        const videoPages = { ...s.videoPages };
        for (const [k, page] of Object.entries(videoPages)) {
          if (page.some((v) => v.id === video.id)) {
            videoPages[Number(k)] = page.map((v) => (v.id === video.id ? video : v));
          }
        }
        return {
          videoPages,
          videoDetail: { video, sceneIndexes, fromCache },
          videoDetailError: null,
          // A task that finished here stays known even if this answer no longer lists it.
          indexing: {
            ...s.indexing,
            [video.id]: [
              ...indexing,
              ...(s.indexing[video.id] ?? []).filter(
                (t) => t.status === 'done' && !indexing.some((x) => x.kind === t.kind),
              ),
            ],
          },
        };
      });
    },

    async makeSearchable(kind, videoId) {
      const id = videoId ?? get().selectedVideoId;
      const video = id === null ? undefined : findVideo(id);
      const collectionId = video?.collectionId ?? get().selectedCollectionId;
      if (id === null || collectionId === null) {
        return { ok: false, error: { code: 'validation', message: 'Choose a video first.' } };
      }
      const r = await settle(api.library.makeSearchable({ videoId: id, collectionId, kind }));
      if (r.ok) get().applyIndexing(r.value);
      return r;
    },

    async refreshLibrary() {
      const collectionId = get().selectedCollectionId;
      const r = await settle(api.library.refresh(collectionId !== null ? { collectionId } : {}));
      if (!r.ok) get().pushToast({ kind: 'error', text: r.error.message });
      await get().loadCollections();
      resetVideos();
      await get().ensureVideoPage(0);
      if (get().selectedVideoId !== null) await get().loadVideoDetail();
    },

    applyIndexing(task) {
      set((s) => {
        const others = (s.indexing[task.videoId] ?? []).filter((t) => t.kind !== task.kind);
        return { indexing: { ...s.indexing, [task.videoId]: [...others, task] } };
      });
      // A finished task changes the badges: fetch the video again.
      if (task.status === 'done' && task.videoId === get().selectedVideoId) {
        void get().loadVideoDetail();
      }
    },

    libraryChanged(collectionId) {
      void get().loadCollections();
      if (collectionId === null || collectionId === get().selectedCollectionId) {
        // Keep the count while the fresh pages load; answers of the old pages are dropped.
        videos.reset();
        const pages = Object.keys(get().videoPages).map(Number);
        set({ videoPages: {} });
        for (const p of pages.length > 0 ? pages : [0]) void get().ensureVideoPage(p);
      }
      if (get().selectedVideoId !== null) void get().loadVideoDetail();
    },
  };
};
