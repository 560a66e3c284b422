/**
 * Realistic clip history for the scale figures: prompts people would write, over many videos
 * named like real uploads, each finished job with the transcript sentences that matched as its
 * segments. Deterministic (seeded), so every store and every run gets exactly the same data.
 */
import { createHash } from 'node:crypto';
import type { Job, JobStatus, Segment } from '../../app/shared/domain';
import type { BulkJob } from '../support/bulk-insert';
import { SAMPLE_VIDEO_DEFS } from '../server/seed-data';
import { createRng } from '../support/rng';

/** A generated video of the history. */
export interface HistoryVideo {
  id: string;
  collectionId: string;
  name: string;
  sentences: readonly string[];
}

const SERIES = [
  'Weekly all-hands',
  'Customer interview',
  'Sales call',
  'Conference talk',
  'Product demo',
  'Onboarding session',
  'Design review',
  'Investor update',
  'Podcast episode',
  'Webinar',
];

const PROMPT_TEMPLATES = [
  'the part where they talk about {w}',
  'find every mention of {w}',
  'moments about {w} and {v}',
  '{w}',
  'when the speaker explains {w}',
  'funny moments during {w}',
  'questions from the audience about {w}',
  'clips for a highlight reel on {w}',
  'where {w} is compared with {v}',
  'the best quote about {w}',
];

const STOP = new Set(
  'the and for that with this have from they what about your their will which when there were would been into more than them then also just like only some very here does because where could other after those these first'.split(
    ' ',
  ),
);

/** The videos: the seeded sample talks plus generated episodes reusing their transcripts. */
export function historyVideos(count: number): HistoryVideo[] {
  const rng = createRng(7);
  const videos: HistoryVideo[] = [];
  for (let i = 0; i < count; i++) {
    const base = SAMPLE_VIDEO_DEFS[i % SAMPLE_VIDEO_DEFS.length]!;
    const name =
      i < SAMPLE_VIDEO_DEFS.length
        ? base.name
        : `${rng.pick(SERIES)} #${100 + i} — ${base.name.split(/[:—-]/)[0]!.trim()}`;
    videos.push({
      id: `m-bench-${i.toString(16).padStart(6, '0')}`,
      collectionId: `c-bench-${(i % 7).toString(16)}`,
      name,
      sentences: base.sentences,
    });
  }
  return videos;
}

function wordsOf(sentences: readonly string[]): string[] {
  const words = new Set<string>();
  for (const s of sentences) {
    for (const w of s.toLowerCase().match(/[a-z]{5,}/g) ?? []) if (!STOP.has(w)) words.add(w);
  }
  return [...words];
}

const STATUS_MIX: ReadonlyArray<[JobStatus, number]> = [
  ['done', 0.9],
  ['failed', 0.06],
  ['uncertain', 0.02],
  ['processing', 0.01],
  ['queued', 0.01],
];

/**
 * `count` jobs over `videoCount` videos, newest last, spread over the past year. About nine in ten
 * are done, with 1–8 segments each taken from the video's transcript.
 */
export function generateHistory(count: number, videoCount = 500, seed = 42): BulkJob[] {
  const rng = createRng(seed);
  const videos = historyVideos(videoCount);
  const vocab = new Map<string, string[]>();
  const start = Date.UTC(2025, 0, 1);
  const step = Math.floor((365 * 24 * 3600 * 1000) / Math.max(1, count));
  const jobs: BulkJob[] = [];
  for (let i = 0; i < count; i++) {
    const video = rng.pick(videos);
    let words = vocab.get(video.name);
    if (!words) vocab.set(video.name, (words = wordsOf(video.sentences)));
    const prompt = rng
      .pick(PROMPT_TEMPLATES)
      .replace('{w}', rng.pick(words))
      .replace('{v}', rng.pick(words));
    let roll = rng.next();
    let status: JobStatus = 'done';
    for (const [s, p] of STATUS_MIX) {
      if (roll < p) {
        status = s;
        break;
      }
      roll -= p;
    }
    const createdAt = start + i * step + rng.int(0, Math.max(0, step - 1));
    const segments: Segment[] = [];
    if (status === 'done') {
      const n = rng.int(1, 8);
      let t = rng.int(0, 60);
      for (let k = 0; k < n; k++) {
        const idx = rng.int(0, video.sentences.length - 1);
        const len = rng.int(3, 25);
        segments.push({
          start: t,
          end: t + len,
          text: video.sentences[idx]!,
          score: Math.round(rng.next() * 1000) / 1000,
          streamUrl: `https://stream.videodb.io/v3/published/manifests/${video.id}-${t}-${t + len}.m3u8`,
        });
        t += len + rng.int(5, 120);
      }
    }
    const id = `job-${i.toString(36).padStart(6, '0')}`;
    const request = {
      videoId: video.id,
      collectionId: video.collectionId,
      prompt,
      contentType: 'spoken' as const,
      modelName: 'basic' as const,
    };
    jobs.push({
      id,
      request,
      videoName: video.name,
      fingerprint: createHash('sha256')
        .update(`${video.id}\n${prompt.toLowerCase()}\nspoken\nbasic\n${i}`)
        .digest('hex')
        .slice(0, 32),
      createdAt,
      status,
      favourite: rng.chance(0.03),
      segments,
      finishedAt:
        status === 'done' || status === 'failed' ? createdAt + rng.int(2000, 120000) : null,
      clipStreamUrl:
        status === 'done'
          ? `https://stream.videodb.io/v3/published/manifests/clip-${id}.m3u8`
          : null,
      clipPlayerUrl:
        status === 'done'
          ? `https://console.videodb.io/player?url=https://stream.videodb.io/v3/published/manifests/clip-${id}.m3u8`
          : null,
    });
  }
  return jobs;
}

/** The job as the app shows it (what the JSON-file peer stores). */
export function toPlainJob(b: BulkJob): Job {
  return {
    id: b.id,
    request: b.request,
    videoName: b.videoName,
    status: b.status,
    progress: null,
    stuck: false,
    tracking: b.status === 'processing',
    favourite: b.favourite ?? false,
    segments: b.segments ?? [],
    clipStreamUrl: b.clipStreamUrl ?? null,
    clipPlayerUrl: b.clipPlayerUrl ?? null,
    linksMintedAt: null,
    sourceStreamUrl: null,
    error:
      b.status === 'failed' ? { code: 'server', message: 'The clip could not be made.' } : null,
    attempts: 1,
    createdAt: b.createdAt,
    updatedAt: b.finishedAt ?? b.createdAt,
    sentAt: b.createdAt,
    finishedAt: b.finishedAt ?? null,
  };
}

/** A word that occurs in some prompts (for the search figure): the most common one, found by counting. */
export function searchTerm(jobs: readonly BulkJob[]): string {
  // Pick a mid-frequency word: frequent enough to fill a page, rare enough to be a real filter.
  const counts = new Map<string, number>();
  for (const j of jobs.slice(0, 5000)) {
    for (const w of j.request.prompt.toLowerCase().match(/[a-z]{5,}/g) ?? []) {
      if (STOP.has(w)) continue;
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return sorted[Math.min(sorted.length - 1, 40)]?.[0] ?? 'pricing';
}

/** The words the search figure types: rare, mid-frequency, the most common, and one letter. */
export interface SearchTerms {
  /** In about 0.3 % of the clips. */
  rare: string;
  /** {@link searchTerm}: frequent enough to fill a page, rare enough to filter. */
  mid: string;
  /** The word (four letters or more) in the most clips, stop words included. */
  common: string;
  /** The letter the most words start with: the first key a person presses. */
  letter: string;
}

/** Pick the search words from the data itself (a sample of up to 20 000 clips). */
export function searchTerms(jobs: readonly BulkJob[]): SearchTerms {
  const sample = jobs.slice(0, 20_000);
  const docs = new Map<string, number>();
  const letters = new Map<string, number>();
  for (const j of sample) {
    const words = new Set(`${j.request.prompt} ${j.videoName}`.toLowerCase().match(/[a-z]+/g));
    const firsts = new Set([...words].map((w) => w[0]!));
    for (const w of words) if (w.length >= 4) docs.set(w, (docs.get(w) ?? 0) + 1);
    for (const l of firsts) letters.set(l, (letters.get(l) ?? 0) + 1);
  }
  const byCount = [...docs.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const target = sample.length * 0.003;
  const rare =
    [...byCount]
      .filter(([w]) => ![...docs.keys()].some((o) => o !== w && o.startsWith(w)))
      .sort((a, b) => Math.abs(a[1] - target) - Math.abs(b[1] - target))[0]?.[0] ?? 'morning';
  const letter = [...letters.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'm';
  return { rare, mid: searchTerm(jobs), common: byCount[0]?.[0] ?? 'about', letter };
}
