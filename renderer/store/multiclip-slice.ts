/**
 * One prompt across many videos (issue 12): the videos picked in the library (Ctrl/Cmd-click,
 * Shift-click for a range, X on a focused card, Ctrl+A for every loaded video), the multi-clip
 * being shown with its merged answer, and `multiclip:changed` events, which update the parent's
 * counts at once and fetch the merged answer again while it is on screen.
 */
import type {
  ContentType,
  MultiClip,
  MultiClipDetail,
  MultiClipReadiness,
} from '../../app/shared/domain';
import { settle, type Outcome } from './result';
import type { SliceCreator } from './state';

/** A video picked for a multi-clip. */
export interface PickedVideo {
  videoId: string;
  collectionId: string;
  name: string;
}

/** Multi-clip slice. */
export interface MultiClipSlice {
  picked: PickedVideo[];
  /** Pick or unpick one video. */
  togglePick(video: PickedVideo): void;
  /** Pick exactly these (a range, or every loaded video). */
  setPicked(videos: PickedVideo[]): void;
  clearPicked(): void;
  /** Every multi-clip, newest first (null until listed). */
  multiclipList: MultiClip[] | null;
  loadMultiClips(): Promise<void>;
  /** The multi-clip shown in the library's detail pane, with its answer. */
  openMultiClip: MultiClipDetail | null;
  /** Ask the picked videos (or the whole collection); shows the new multi-clip. */
  submitMultiClip(input: {
    wholeCollection?: string;
    prompt: string;
    contentType: ContentType;
    narrow: boolean;
    /** Make the videos that miss an index searchable first (the person said yes). */
    prepare?: boolean;
  }): Promise<Outcome<MultiClip>>;
  /** Which picked videos can answer the content type (nothing is started on the account). */
  checkReadiness(contentType: ContentType): Promise<Outcome<MultiClipReadiness>>;
  showMultiClip(id: string | null): Promise<void>;
  /** Open a multi-clip from the history: the library's pane shows it. */
  openMultiClipInLibrary(id: string): Promise<void>;
  /** The multi-clip a clip was asked for, or null. */
  parentOfJob(jobId: string): Promise<{ id: string; prompt: string; videos: number } | null>;
  applyMultiClip(m: MultiClip): void;
  /** Ask the failed videos again; with `prepare`, make the ones missing an index searchable first. */
  retryMultiClip(id: string, prepare?: boolean): Promise<void>;
  compileReel(id: string, topN: number): Promise<Outcome<MultiClipDetail>>;
  /** Copy the answer; a toast says it was copied, or why not. */
  copyMultiClip(id: string, format: 'reel-link' | 'markdown' | 'json' | 'csv'): Promise<void>;
}

/** Create the multi-clip slice. */
export const createMultiClipSlice: SliceCreator<MultiClipSlice> = ({ set, get, api }) => {
  let refetch: ReturnType<typeof setTimeout> | null = null;
  const load = async (id: string) => {
    const r = await settle(api.multiclip.get({ id }));
    if (r.ok && get().openMultiClip?.id === id) set({ openMultiClip: r.value });
  };
  return {
    picked: [],
    togglePick(video) {
      set((s) =>
        s.picked.some((p) => p.videoId === video.videoId)
          ? { picked: s.picked.filter((p) => p.videoId !== video.videoId) }
          : { picked: [...s.picked, video] },
      );
    },
    setPicked(videos) {
      set({ picked: videos });
    },
    clearPicked() {
      set({ picked: [] });
    },
    openMultiClip: null,
    multiclipList: null,
    async loadMultiClips() {
      const r = await settle(api.multiclip.list());
      if (r.ok) set({ multiclipList: r.value });
    },
    async checkReadiness(contentType) {
      const videos = get().picked.map((p) => ({
        videoId: p.videoId,
        collectionId: p.collectionId,
      }));
      return settle(api.multiclip.readiness({ videos, contentType }));
    },
    async submitMultiClip({ wholeCollection, prompt, contentType, narrow, prepare = false }) {
      const picked = get().picked;
      const r = await settle(
        api.multiclip.submit({
          ...(wholeCollection !== undefined
            ? { wholeCollection }
            : {
                videos: picked.map((p) => ({ videoId: p.videoId, collectionId: p.collectionId })),
              }),
          prompt,
          contentType,
          narrow,
          prepare,
        }),
      );
      if (r.ok) {
        set({ openMultiClip: { ...r.value, segments: [], breakdown: [] } });
        void load(r.value.id);
      }
      return r;
    },
    async showMultiClip(id) {
      if (id === null) {
        set({ openMultiClip: null });
        return;
      }
      const r = await settle(api.multiclip.get({ id }));
      if (r.ok) set({ openMultiClip: r.value });
      else get().pushToast({ kind: 'error', text: r.error.message });
    },
    async openMultiClipInLibrary(id) {
      get().setView('library');
      await get().showMultiClip(id);
    },
    async parentOfJob(jobId) {
      const r = await settle(api.multiclip.parentOf({ jobId }));
      return r.ok ? r.value : null;
    },
    applyMultiClip(m) {
      set((s) => {
        if (s.multiclipList === null) return s;
        const at = s.multiclipList.findIndex((x) => x.id === m.id);
        return {
          multiclipList:
            at < 0 ? [m, ...s.multiclipList] : s.multiclipList.map((x, i) => (i === at ? m : x)),
        };
      });
      const open = get().openMultiClip;
      if (open === null || open.id !== m.id) return;
      set({ openMultiClip: { ...open, ...m } });
      // The merged answer changes with the children: fetch it again, at most every half second.
      refetch ??= setTimeout(() => {
        refetch = null;
        void load(m.id);
      }, 500);
    },
    async retryMultiClip(id, prepare = false) {
      const r = await settle(api.multiclip.retryFailed({ id, prepare }));
      if (r.ok) get().applyMultiClip(r.value);
      else get().pushToast({ kind: 'error', text: r.error.message });
    },
    async copyMultiClip(id, format) {
      const r = await settle(api.multiclip.copy({ id, format }));
      const what = {
        'reel-link': 'The reel’s link',
        markdown: 'The list',
        json: 'The JSON',
        csv: 'The CSV',
      }[format];
      if (r.ok) get().pushToast({ kind: 'success', text: `${what} is copied.` });
      else get().pushToast({ kind: 'error', text: r.error.message });
    },
    async compileReel(id, topN) {
      const r = await settle(api.multiclip.compile({ id, topN }));
      if (r.ok && get().openMultiClip?.id === id) set({ openMultiClip: r.value });
      return r;
    },
  };
};
