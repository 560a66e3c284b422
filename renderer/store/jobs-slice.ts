/**
 * Clip jobs: the history (paged from main as the virtual list scrolls, newest first), the
 * selection, and every job action. A `jobs:changed` event carries the whole job: it updates the
 * row in place, puts a new clip on top, and leaves out one the filter excludes, without asking
 * main; only when the window cannot tell (a search whose text changed, a row leaving a filtered
 * page) are the visible pages fetched again (debounced). List rows come
 * without segments (the detail fetches the whole job), and pages far from the visible ones are
 * let go, so the page's memory stays flat however far the list is scrolled.
 */
import type { CallInput, CallOutput } from '../../app/shared/contract';
import type {
  AppErrorInfo,
  ClipRequestInput,
  ExportFormat,
  Job,
  JobStatus,
  JobSummary,
  Segment,
} from '../../app/shared/domain';
import { pagedQuery } from './paged-query';
import { settle, type Outcome } from './result';
import type { SliceCreator } from './state';

/**
 * A job as the window holds it: a history list row, plus its segments once the whole job was
 * fetched (`jobs:get`) or pushed (`jobs:changed`). `segments` undefined = not fetched yet.
 */
export type HistoryJob = JobSummary & { segments?: Segment[] };

/** Pages kept loaded on each side of the one last asked for; farther ones are let go. */
export const KEEP_PAGES_AROUND = 4;

/** Filters of the history list. */
export interface HistoryFilter {
  search: string;
  status: JobStatus | 'all';
  videoId: string | null;
  favourite: boolean;
}

/** The empty filter. */
export const NO_FILTER: HistoryFilter = {
  search: '',
  status: 'all',
  videoId: null,
  favourite: false,
};

/** Jobs slice. */
export interface JobsSlice {
  jobsById: Record<string, HistoryJob>;
  historyFilter: HistoryFilter;
  /** null while the first page of the current filter loads. */
  historyTotal: number | null;
  /**
   * The total is a lower bound ("1 000+"): main stopped counting a page and a thousand past the
   * deepest page asked for. It grows as deeper pages load, so the list scrolls through everything.
   */
  historyTotalIsLowerBound: boolean;
  /** Job ids per page of the current filter. */
  historyPages: Record<number, string[]>;
  /** Rows per page (constant for the store's life). */
  historyPageSize: number;
  historyError: AppErrorInfo | null;
  /** Pages whose content may be out of date (refetched when next visible). */
  staleHistoryPages: Record<number, true>;
  selectedJobIds: string[];
  /** Last clicked row: the start of a Shift range. */
  selectionAnchor: string | null;
  /** The job in the detail pane. */
  openJobId: string | null;
  /** Jobs whose delete waits for the undo window to end. */
  pendingDelete: Record<string, true>;
  /** Clips of the open video, newest first. */
  videoJobs: { videoId: string; ids: string[] } | null;
  /** Every video with clips in the whole history (not just loaded pages), for the filter. */
  historyVideos: Array<{ videoId: string; videoName: string }>;

  loadHistoryVideos(): Promise<void>;
  ensureHistoryPage(page: number): Promise<void>;
  setHistoryFilter(patch: Partial<HistoryFilter>): void;
  selectJob(id: string, mode: 'single' | 'toggle' | 'range'): void;
  selectAllLoaded(): void;
  clearSelection(): void;
  openJob(id: string | null): Promise<void>;
  /**
   * Ask main to mint a clip's old links again (reading the job does, in the background; the
   * fresh links arrive as `jobs:changed`). At most once a minute per clip.
   */
  freshenLinks(id: string): void;
  loadVideoJobs(videoId: string): Promise<void>;

  submit(input: ClipRequestInput): Promise<Outcome<{ job: Job; existing: boolean }>>;
  retry(id: string): Promise<void>;
  resend(id: string): Promise<void>;
  stopTracking(id: string): Promise<void>;
  /** Follow a job again after "Stop following". */
  follow(id: string): Promise<void>;
  setFavourite(ids: string[], favourite: boolean): Promise<void>;
  copy(ids: string[], format?: ExportFormat): Promise<void>;
  /** Hide now, delete when the undo window ends unless undone. */
  deleteWithUndo(ids: string[]): void;
  undoDelete(ids: string[]): void;
  /** Delete now whatever waits for its undo window (the page is going away). */
  flushPendingDeletes(): void;

  applyJob(job: Job): void;
  applyRemoved(ids: string[]): void;
}

const FORMAT_NAMES: Record<ExportFormat, string> = {
  'player-link': 'player link',
  'stream-link': 'stream link',
  markdown: 'Markdown list',
  json: 'JSON',
  csv: 'CSV',
  'app-link': 'app link',
  fcpxml: 'FCPXML timeline',
  xmeml: 'Premiere XML timeline',
  edl: 'EDL',
  otio: 'OpenTimelineIO timeline',
  srt: 'SRT subtitles',
  vtt: 'WebVTT subtitles',
  'youtube-chapters': 'YouTube chapters',
};

/** Create the jobs slice. */
export const createJobsSlice: SliceCreator<JobsSlice> = ({ set, get, api, options }) => {
  // Answers for an older filter are dropped.
  const history = pagedQuery();
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  const deleteTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** When each clip's links were last asked to be minted again. */
  const freshening = new Map<string, number>();

  const listInput = (page: number): CallInput<'jobs:list'> => {
    const f = get().historyFilter;
    const search = f.search.trim();
    return {
      offset: page * options.historyPageSize,
      limit: options.historyPageSize,
      ...(search !== '' ? { search } : {}),
      ...(f.status !== 'all' ? { statuses: [f.status] } : {}),
      ...(f.videoId !== null ? { videoId: f.videoId } : {}),
      ...(f.favourite ? { favourite: true } : {}),
    };
  };

  // Each page remembers when it was asked for (a counter): a refresh marks stale only the pages
  // asked before the change that caused it, so a page fetched since (the history just opened,
  // say) is not fetched twice.
  let askSeq = 0;
  const askedAt = new Map<number, number>();
  let refreshSince = 0;

  /** Mark the pages loaded before this change stale and fetch page 0 again (it holds new jobs). */
  const scheduleRefresh = () => {
    refreshSince = ++askSeq;
    if (refreshTimer !== null) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      const stale: Record<number, true> = { ...get().staleHistoryPages };
      for (const key of Object.keys(get().historyPages)) {
        const p = Number(key);
        if ((askedAt.get(p) ?? 0) < refreshSince) stale[p] = true;
      }
      set({ staleHistoryPages: stale });
      // Page 0 holds new jobs; when the list is scrolled far down it was let go, and the visible
      // pages (now stale) are fetched again as they show (fetching page 0 would let them go).
      const pages = get().historyPages;
      if (pages[0] !== undefined || Object.keys(pages).length === 0)
        void get().ensureHistoryPage(0);
      const open = get().videoJobs;
      if (open !== null) void get().loadVideoJobs(open.videoId);
    }, 200);
  };

  /** A history page came back for the current filter: store it, and let far pages go. */
  const applyHistoryPage = (page: number, r: Outcome<CallOutput<'jobs:list'>>): void => {
    if (!r.ok) {
      set({ historyError: r.error, historyTotal: get().historyTotal ?? 0 });
      return;
    }
    set((s) => {
      const historyPages = { ...s.historyPages, [page]: r.value.jobs.map((j) => j.id) };
      const stale = { ...s.staleHistoryPages };
      delete stale[page];
      const dropped: string[] = [];
      for (const key of Object.keys(historyPages)) {
        const p = Number(key);
        if (Math.abs(p - page) <= KEEP_PAGES_AROUND) continue;
        dropped.push(...(historyPages[p] ?? []));
        delete historyPages[p];
        delete stale[p];
        askedAt.delete(p);
      }
      const jobsById = { ...s.jobsById };
      for (const j of r.value.jobs) jobsById[j.id] = fresher(jobsById[j.id], j);
      if (dropped.length > 0) {
        const keep = keptIds(s, historyPages);
        for (const id of dropped) if (!keep.has(id)) delete jobsById[id];
      }
      const { total, totalIsLowerBound } = r.value;
      return {
        jobsById,
        historyPages,
        staleHistoryPages: stale,
        // A bound only grows (a refresh of page 0 must not cut the list scrolled so far); an
        // exact total replaces it.
        historyTotal: totalIsLowerBound ? Math.max(total, s.historyTotal ?? 0) : total,
        historyTotalIsLowerBound: totalIsLowerBound,
        historyError: null,
      };
    });
  };

  const report = (error: AppErrorInfo): void =>
    void get().pushToast({ kind: 'error', text: error.message });

  const runJobAction = async (call: Promise<Outcome<Job>>, done?: string): Promise<void> => {
    const r = await settle(call);
    if (!r.ok) {
      report(r.error);
      return;
    }
    get().applyJob(r.value);
    if (done !== undefined) get().pushToast({ kind: 'success', text: done });
  };

  const reallyDelete = async (ids: string[]) => {
    for (const id of ids) deleteTimers.delete(id);
    const r = await settle(api.jobs.delete({ ids }));
    if (!r.ok) {
      get().undoDelete(ids);
      report(r.error);
      return;
    }
    get().applyRemoved(ids);
  };

  return {
    jobsById: {},
    historyFilter: NO_FILTER,
    historyTotal: null,
    historyTotalIsLowerBound: false,
    historyPages: {},
    historyPageSize: options.historyPageSize,
    historyError: null,
    staleHistoryPages: {},
    selectedJobIds: [],
    selectionAnchor: null,
    openJobId: null,
    pendingDelete: {},
    videoJobs: null,
    historyVideos: [],
    async loadHistoryVideos() {
      const r = await settle(api.jobs.videos());
      if (r.ok)
        set({ historyVideos: r.value.map(({ videoId, videoName }) => ({ videoId, videoName })) });
    },

    async ensureHistoryPage(page) {
      const { historyPages, staleHistoryPages } = get();
      const have = historyPages[page] !== undefined && staleHistoryPages[page] === undefined;
      const asked = ++askSeq;
      await history.ensure(
        page,
        have,
        () => settle(api.jobs.list(listInput(page))),
        (r) => {
          if (r.ok) askedAt.set(page, asked);
          applyHistoryPage(page, r);
        },
      );
    },

    setHistoryFilter(patch) {
      history.reset();
      askedAt.clear();
      set((s) => ({
        historyFilter: { ...s.historyFilter, ...patch },
        historyPages: {},
        staleHistoryPages: {},
        historyTotal: null,
        historyTotalIsLowerBound: false,
        historyError: null,
      }));
      void get().ensureHistoryPage(0);
    },

    selectJob(id, mode) {
      const { selectedJobIds, selectionAnchor } = get();
      if (mode === 'toggle') {
        const has = selectedJobIds.includes(id);
        set({
          selectedJobIds: has ? selectedJobIds.filter((x) => x !== id) : [...selectedJobIds, id],
          selectionAnchor: id,
        });
        return;
      }
      if (mode === 'range' && selectionAnchor !== null) {
        const ids = loadedIds(get().historyPages);
        const a = ids.indexOf(selectionAnchor);
        const b = ids.indexOf(id);
        if (a >= 0 && b >= 0) {
          set({ selectedJobIds: ids.slice(Math.min(a, b), Math.max(a, b) + 1) });
          void get().openJob(id);
          return;
        }
      }
      set({ selectedJobIds: [id], selectionAnchor: id });
      void get().openJob(id);
    },

    selectAllLoaded() {
      const pending = get().pendingDelete;
      set({
        selectedJobIds: loadedIds(get().historyPages).filter((id) => pending[id] === undefined),
      });
    },

    clearSelection() {
      set({ selectedJobIds: [] });
    },

    freshenLinks(id) {
      const now = Date.now();
      if (now - (freshening.get(id) ?? 0) < 60_000) return;
      freshening.set(id, now);
      void settle(api.jobs.get({ id })).then((r) => {
        if (r.ok) get().applyJob(r.value);
      });
    },

    async openJob(id) {
      set({ openJobId: id });
      // A list row has no segments: the detail needs the whole job.
      if (id === null || get().jobsById[id]?.segments !== undefined) return;
      const r = await settle(api.jobs.get({ id }));
      if (r.ok) get().applyJob(r.value);
      else report(r.error);
    },

    async loadVideoJobs(videoId) {
      const r = await settle(api.jobs.list({ videoId, limit: 50 }));
      if (!r.ok) return;
      set((s) => {
        const jobsById = { ...s.jobsById };
        for (const j of r.value.jobs) jobsById[j.id] = fresher(jobsById[j.id], j);
        return { jobsById, videoJobs: { videoId, ids: r.value.jobs.map((j) => j.id) } };
      });
    },

    async submit(input) {
      const r = await settle(api.jobs.submit(input));
      if (r.ok) get().applyJob(r.value.job);
      return r;
    },

    retry: (id) => runJobAction(api.jobs.retry({ id }), 'Trying again.'),
    resend: (id) => runJobAction(api.jobs.resendUncertain({ id }), 'Sent again.'),
    stopTracking: (id) =>
      runJobAction(api.jobs.stopTracking({ id }), 'Stopped following this clip.'),
    follow: (id) => runJobAction(api.jobs.follow({ id }), 'Following this clip again.'),

    async setFavourite(ids, favourite) {
      for (const id of ids) await runJobAction(api.jobs.setFavourite({ id, favourite }));
    },

    async copy(ids, format = 'player-link') {
      if (ids.length === 0) return;
      const r = await settle(api.clipboard.copy({ jobIds: ids, format }));
      if (!r.ok) {
        report(r.error);
        return;
      }
      const what = FORMAT_NAMES[format];
      const { count, skipped } = r.value;
      const copied =
        count === 0
          ? ids.length === 1
            ? 'Nothing copied: this clip has no link yet.'
            : 'Nothing copied: none of these clips has a link yet.'
          : count === 1
            ? `Copied the ${what}.`
            : `Copied the ${what} of ${count} clips.`;
      // Say which clips were left out (not finished, or nothing matched), by their prompt.
      const names = skipped
        .slice(0, 3)
        .map((id) => `“${get().jobsById[id]?.request.prompt ?? 'a clip'}”`)
        .join(', ');
      const more = skipped.length > 3 ? ` and ${skipped.length - 3} more` : '';
      const text =
        count > 0 && skipped.length > 0
          ? `${copied} Skipped ${skipped.length} without a link yet: ${names}${more}.`
          : copied;
      get().pushToast({ kind: count === 0 ? 'info' : 'success', text });
    },

    deleteWithUndo(ids) {
      if (ids.length === 0) return;
      set((s) => {
        const pendingDelete = { ...s.pendingDelete };
        for (const id of ids) pendingDelete[id] = true;
        return {
          pendingDelete,
          selectedJobIds: s.selectedJobIds.filter((x) => !ids.includes(x)),
          openJobId: s.openJobId !== null && ids.includes(s.openJobId) ? null : s.openJobId,
        };
      });
      const timer = setTimeout(() => void reallyDelete(ids), options.undoMs);
      for (const id of ids) deleteTimers.set(id, timer);
      get().pushToast({
        kind: 'info',
        text: ids.length === 1 ? 'Clip deleted.' : `${ids.length} clips deleted.`,
        action: { label: 'Undo', run: () => get().undoDelete(ids) },
        durationMs: options.undoMs,
      });
    },

    undoDelete(ids) {
      for (const id of ids) {
        const t = deleteTimers.get(id);
        if (t !== undefined) clearTimeout(t);
        deleteTimers.delete(id);
      }
      set((s) => {
        const pendingDelete = { ...s.pendingDelete };
        for (const id of ids) delete pendingDelete[id];
        return { pendingDelete };
      });
    },

    flushPendingDeletes() {
      const ids = [...deleteTimers.keys()];
      if (ids.length === 0) return;
      for (const t of new Set(deleteTimers.values())) clearTimeout(t);
      void reallyDelete(ids);
    },

    applyJob(job) {
      const before = get().jobsById[job.id];
      const whole: HistoryJob = { ...job, segmentCount: job.segments.length };
      set((s) => ({ jobsById: { ...s.jobsById, [job.id]: fresher(s.jobsById[job.id], whole) } }));
      // The event carries the job: the lists change here, without asking main again, except
      // where only main can tell (a search's matches changed, a row left a filtered page).
      const s = get();
      const pageOf = pageHolding(s.historyPages, job.id);
      const match = matchesFilter(whole, s.historyFilter, before);
      if (pageOf !== null) {
        if (match === false || match === null) scheduleRefresh();
      } else if (match === true && isNewest(s, whole)) {
        set((st) => insertAtTop(st, job.id));
      } else if (match === null || (match === true && before === undefined && !hasPageZero(s))) {
        scheduleRefresh();
      }
      const vj = get().videoJobs;
      if (vj !== null && vj.videoId === job.request.videoId && !vj.ids.includes(job.id)) {
        // Newest first: a new clip of the open video goes on top (an older one past the 50
        // listed stays out).
        const top = vj.ids[0] === undefined ? undefined : get().jobsById[vj.ids[0]];
        if (top === undefined || job.createdAt >= top.createdAt)
          set({ videoJobs: { videoId: vj.videoId, ids: [job.id, ...vj.ids] } });
      }
    },

    applyRemoved(ids) {
      set((s) => {
        const jobsById = { ...s.jobsById };
        const pendingDelete = { ...s.pendingDelete };
        for (const id of ids) {
          delete jobsById[id];
          delete pendingDelete[id];
        }
        return {
          jobsById,
          pendingDelete,
          selectedJobIds: s.selectedJobIds.filter((x) => !ids.includes(x)),
          openJobId: s.openJobId !== null && ids.includes(s.openJobId) ? null : s.openJobId,
          videoJobs:
            s.videoJobs === null
              ? null
              : { ...s.videoJobs, ids: s.videoJobs.ids.filter((x) => !ids.includes(x)) },
        };
      });
      scheduleRefresh();
    },
  };
};

/**
 * The newer of two copies of a job. Main bumps `updatedAt` strictly on every change, so an answer
 * computed before a later `jobs:changed` event (and delivered after it) never rolls a job back.
 * A list row of the same version keeps the segments already fetched.
 */
function fresher(current: HistoryJob | undefined, next: HistoryJob): HistoryJob {
  if (current === undefined) return next;
  if (current.updatedAt > next.updatedAt) return current;
  if (next.segments === undefined && current.segments !== undefined) {
    if (current.updatedAt === next.updatedAt) return { ...next, segments: current.segments };
  }
  return next;
}

/**
 * Jobs the window still needs when their page is let go: on a kept page, selected, open, waiting
 * for their undo, in the open video's list, or not finished (a notice may follow them).
 */
function keptIds(s: JobsSlice, pages: Record<number, string[]>): Set<string> {
  const keep = new Set<string>(s.selectedJobIds);
  for (const ids of Object.values(pages)) for (const id of ids) keep.add(id);
  if (s.openJobId !== null) keep.add(s.openJobId);
  if (s.selectionAnchor !== null) keep.add(s.selectionAnchor);
  for (const id of Object.keys(s.pendingDelete)) keep.add(id);
  for (const id of s.videoJobs?.ids ?? []) keep.add(id);
  for (const [id, j] of Object.entries(s.jobsById)) {
    if (j.status !== 'done' && j.status !== 'failed') keep.add(id);
  }
  return keep;
}

/** Ids of the loaded pages in list order (gaps skipped). */
function loadedIds(pages: Record<number, string[]>): string[] {
  return Object.keys(pages)
    .map(Number)
    .sort((a, b) => a - b)
    .flatMap((k) => pages[k] ?? []);
}

/** The page whose loaded rows hold `id`, or null. */
function pageHolding(pages: Record<number, string[]>, id: string): number | null {
  for (const [p, ids] of Object.entries(pages)) if (ids.includes(id)) return Number(p);
  return null;
}

const hasPageZero = (s: JobsSlice): boolean => s.historyPages[0] !== undefined;

/**
 * Whether the job belongs in the list under `filter`: true or false where the window can tell
 * from the job alone, null where only main can (a search, once the text it searches changed: the
 * video's name, or segments that came with the result).
 */
export function matchesFilter(
  job: HistoryJob,
  filter: HistoryFilter,
  before: HistoryJob | undefined,
): boolean | null {
  if (filter.status !== 'all' && job.status !== filter.status) return false;
  if (filter.favourite && !job.favourite) return false;
  if (filter.videoId !== null && job.request.videoId !== filter.videoId) return false;
  if (filter.search.trim() === '') return true;
  // A row already listed under this search keeps matching while its searched text is the same.
  const sameText =
    before !== undefined &&
    before.videoName === job.videoName &&
    before.segmentCount === job.segmentCount &&
    before.request.prompt === job.request.prompt;
  return sameText ? true : null;
}

/** The job is newer than every row of page 0, so it goes first (new clips, newest first). */
function isNewest(s: JobsSlice, job: HistoryJob): boolean {
  const first = s.historyPages[0];
  if (first === undefined) return false;
  const top = first[0] === undefined ? undefined : s.jobsById[first[0]];
  return top === undefined || job.createdAt >= top.createdAt;
}

/**
 * Put a new row first without a round trip: page 0 takes it on top, every row after moves down
 * by one, so the loaded pages past 0 are stale (refetched as they show) and the total grows.
 */
function insertAtTop(s: JobsSlice, id: string): Partial<JobsSlice> {
  const page0 = [id, ...(s.historyPages[0] ?? []).filter((x) => x !== id)];
  const overflow = page0.length > s.historyPageSize;
  const historyPages = { ...s.historyPages, 0: overflow ? page0.slice(0, -1) : page0 };
  const stale = { ...s.staleHistoryPages };
  for (const p of Object.keys(historyPages)) if (Number(p) > 0) stale[Number(p)] = true;
  return {
    historyPages,
    staleHistoryPages: stale,
    historyTotal: (s.historyTotal ?? 0) + 1,
  };
}
