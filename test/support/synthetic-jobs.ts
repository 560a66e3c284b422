/**
 * Generate many plausible jobs for `bulkInsert` (bulk-insert.ts): tests of the history list at
 * 100 000 rows and benchmarks. Deterministic for a given seed.
 */
import { JOB_STATUSES, type ContentType } from '../../app/shared/domain';
import type { BulkJob } from './bulk-insert';
import { mulberry32 } from './rng';

const WORDS = [
  'goal',
  'interview',
  'product',
  'launch',
  'pricing',
  'demo',
  'keynote',
  'laugh',
  'crowd',
  'slide',
  'chart',
  'question',
  'answer',
  'summary',
  'intro',
  'closing',
  'coffee',
  'river',
  'mountain',
  'city',
  'night',
  'sunrise',
  'team',
  'meeting',
  'budget',
  'roadmap',
  'bug',
  'fix',
];
const CONTENT: ContentType[] = ['spoken', 'visual', 'multimodal'];

/** Options of {@link syntheticJobs}. */
export interface SyntheticJobOptions {
  /** Newest created_at; jobs go back one minute each. */
  now?: number;
  seed?: number;
  /** Distinct videos to spread the jobs over. */
  videos?: number;
  /** Segments per done job. */
  segmentsPerJob?: number;
}

/** Yield `count` jobs, newest first in time (ids `job-<n>`). */
export function* syntheticJobs(count: number, opts: SyntheticJobOptions = {}): Generator<BulkJob> {
  const now = opts.now ?? Date.now();
  const rand = mulberry32(opts.seed ?? 1);
  const videos = opts.videos ?? 50;
  const segs = opts.segmentsPerJob ?? 0;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  for (let i = 0; i < count; i++) {
    const v = i % videos;
    const status = pick(JOB_STATUSES);
    const prompt = `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`;
    yield {
      id: `job-${i}`,
      request: {
        videoId: `m-video-${v}`,
        collectionId: 'c-synthetic',
        prompt,
        contentType: pick(CONTENT),
        modelName: 'basic',
      },
      videoName: `Video ${v} ${WORDS[v % WORDS.length]}`,
      fingerprint: `fp-${i}`,
      createdAt: now - i * 60_000,
      status,
      favourite: rand() < 0.1,
      finishedAt: status === 'done' ? now - i * 60_000 + 5000 : null,
      segments:
        status === 'done'
          ? Array.from({ length: segs }, (_, k) => ({
              start: k * 10,
              end: k * 10 + 5,
              text: `${prompt} ${k}`,
              score: 0.5,
              streamUrl: null,
            }))
          : [],
    };
  }
}
