/**
 * Compare (issue 12 §3): one prompt on the open video across content types and model tiers. The
 * setup being written (opened from the video's prompt form), the comparison being shown, the
 * comparisons of each video, and `compare:changed` events, which update them at once.
 */
import type { Comparison, ContentType, ModelTier } from '../../app/shared/domain';
import { settle, type Outcome } from './result';
import type { SliceCreator } from './state';

/** The comparison being set up for a video (the prompt and scene index carried over). */
export interface CompareSetup {
  videoId: string;
  prompt: string;
  sceneIndexId: string;
}

/** Compare slice. */
export interface CompareSlice {
  compareSetup: CompareSetup | null;
  openCompareSetup(setup: CompareSetup): void;
  closeCompareSetup(): void;
  /** Comparisons per video id, newest first (absent until listed). */
  comparisonsByVideo: Record<string, Comparison[]>;
  loadComparisons(videoId: string): Promise<void>;
  /** The comparison shown in the video's pane. */
  openComparison: Comparison | null;
  submitComparison(input: {
    videoId: string;
    collectionId: string;
    prompt: string;
    runs: Array<{ contentType: ContentType; modelName: ModelTier }>;
    sceneIndexId?: string;
  }): Promise<Outcome<Comparison>>;
  showComparison(id: string | null): Promise<void>;
  /** The comparison a clip is a run of, or null. */
  comparisonOfJob(jobId: string): Promise<ComparisonRef | null>;
  /** Open a comparison from the history: its video in the library, the comparison in its pane. */
  openComparisonInLibrary(c: ComparisonRef): Promise<void>;
  applyComparison(c: Comparison): void;
  retryComparison(id: string): Promise<void>;
}

/** Create the compare slice. */
export const createCompareSlice: SliceCreator<CompareSlice> = ({ set, get, api }) => ({
  compareSetup: null,
  openCompareSetup(setup) {
    set({ compareSetup: setup, openComparison: null });
  },
  closeCompareSetup() {
    set({ compareSetup: null });
  },
  comparisonsByVideo: {},
  async loadComparisons(videoId) {
    const r = await settle(api.compare.list({ videoId }));
    if (r.ok) set((s) => ({ comparisonsByVideo: { ...s.comparisonsByVideo, [videoId]: r.value } }));
  },
  openComparison: null,
  async submitComparison(input) {
    const r = await settle(api.compare.submit(input));
    if (r.ok) {
      set({ compareSetup: null });
      get().applyComparison(r.value);
      set({ openComparison: r.value });
    }
    return r;
  },
  async comparisonOfJob(jobId) {
    const r = await settle(api.compare.parentOf({ jobId }));
    return r.ok ? r.value : null;
  },
  async openComparisonInLibrary(c) {
    get().setView('library');
    await get().selectCollection(c.collectionId);
    get().selectVideo(c.videoId);
    await get().showComparison(c.id);
  },
  async showComparison(id) {
    if (id === null) {
      set({ openComparison: null });
      return;
    }
    const r = await settle(api.compare.get({ id }));
    if (r.ok) set({ openComparison: r.value, compareSetup: null });
    else get().pushToast({ kind: 'error', text: r.error.message });
  },
  applyComparison(c) {
    set((s) => {
      const list = s.comparisonsByVideo[c.videoId];
      const next =
        list === undefined
          ? [c]
          : list.some((x) => x.id === c.id)
            ? list.map((x) => (x.id === c.id ? c : x))
            : [c, ...list];
      return {
        comparisonsByVideo: { ...s.comparisonsByVideo, [c.videoId]: next },
        ...(s.openComparison?.id === c.id ? { openComparison: c } : {}),
      };
    });
  },
  async retryComparison(id) {
    const r = await settle(api.compare.retryFailed({ id }));
    if (r.ok) get().applyComparison(r.value);
    else get().pushToast({ kind: 'error', text: r.error.message });
  },
});

/** Which comparison a clip is a run of. */
export interface ComparisonRef {
  id: string;
  prompt: string;
  runs: number;
  videoId: string;
  collectionId: string;
}
