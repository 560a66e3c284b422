import { deterministicUuid, sceneIndexIdFor, unitHash } from './ids';
import {
  SAMPLE_COLLECTION_DEFS,
  SAMPLE_VIDEO_DEFS,
  type SampleCollectionKey,
  type SampleVideoDef,
} from './seed-data';

/** One transcript sentence with its timing in seconds. */
export interface Sentence {
  start: number;
  end: number;
  text: string;
}

/** One record of a scene index. */
export interface SceneRecord {
  start: number;
  end: number;
  description: string;
}

/** A scene index of a video; `processing` while its job runs. */
export interface SceneIndexEntry {
  sceneIndexId: string;
  name: string;
  extractionType: 'shot' | 'time';
  status: 'processing' | 'done';
  records: SceneRecord[];
}

/** A video as the server keeps it (mutable: indexing changes it). */
export interface VideoEntry {
  id: string;
  collectionId: string;
  name: string;
  description: string;
  /** Seconds. */
  length: number;
  /** Bytes. */
  size: number;
  extension: string;
  createdAt: string;
  /** What is said, whether or not a transcript exists yet. */
  sentences: readonly Sentence[];
  /** What is on screen (shot granularity); the source of new scene indexes. */
  visual: readonly SceneRecord[];
  /** A transcript can be fetched without generating it first. */
  transcriptReady: boolean;
  /** Spoken-word search works (clips with `spoken`/`multimodal`). */
  spokenIndexed: boolean;
  sceneIndexes: SceneIndexEntry[];
  hasThumbnail: boolean;
}

/** A collection as the server keeps it. */
export interface CollectionEntry {
  id: string;
  name: string;
  description: string;
  isPublic: boolean;
}

/** Number of generated videos in the archive collection (more than one 5000-item page). */
export const ARCHIVE_VIDEO_COUNT = 5200;

const ARCHIVE_ID_PREFIX = 'm-a4c41e00-0000-4000-8000-';

function collectionId(key: string): string {
  return `c-${deterministicUuid(`collection:${key}`)}`;
}

function videoId(key: string): string {
  return `m-${deterministicUuid(`video:${key}`)}`;
}

/** Id of the n-th archive video (0-based); the index is readable from the id itself. */
export function archiveVideoId(n: number): string {
  return `${ARCHIVE_ID_PREFIX}${n.toString(16).padStart(12, '0')}`;
}

function archiveIndexOf(id: string): number | undefined {
  if (!id.startsWith(ARCHIVE_ID_PREFIX)) return undefined;
  const n = parseInt(id.slice(ARCHIVE_ID_PREFIX.length), 16);
  return Number.isInteger(n) && n >= 0 && n < ARCHIVE_VIDEO_COUNT && archiveVideoId(n) === id
    ? n
    : undefined;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Speech timing: ~2.6 words per second with small deterministic pauses between sentences. */
function timeSentences(
  key: string,
  texts: readonly string[],
): { sentences: Sentence[]; length: number } {
  let t = 1.2;
  const sentences: Sentence[] = [];
  texts.forEach((text, i) => {
    const words = text.split(/\s+/).length;
    const dur = Math.max(1.5, words / 2.6);
    const start = round2(t);
    const end = round2(t + dur);
    sentences.push({ start, end, text });
    t = end + 0.35 + unitHash(`${key}:gap:${i}`) * 0.6;
  });
  // A short tail after the last words (applause, outro card), and a non-round length like real uploads.
  const length = Math.round((t + 2.5 + unitHash(`${key}:tail`) * 3) * 1_000_000) / 1_000_000;
  return { sentences, length };
}

/** Scenes start a little before the sentence they are anchored to and last until the next one. */
function timeScenes(
  anchors: ReadonlyArray<[number, string]>,
  sentences: readonly Sentence[],
  length: number,
): SceneRecord[] {
  const starts = anchors.map(([idx]) =>
    idx === 0 ? 0 : Math.max(0, round2((sentences[idx]?.start ?? 0) - 0.2)),
  );
  return anchors.map(([, description], i) => ({
    start: starts[i] ?? 0,
    end: starts[i + 1] ?? round2(length),
    description,
  }));
}

interface Template {
  def: SampleVideoDef;
  sentences: Sentence[];
  length: number;
  visual: SceneRecord[];
  slides: SceneRecord[] | undefined;
}

function buildTemplate(def: SampleVideoDef): Template {
  const { sentences, length } = timeSentences(def.key, def.sentences);
  return {
    def,
    sentences,
    length,
    visual: timeScenes(def.scenes, sentences, length),
    slides: def.slides ? timeScenes(def.slides, sentences, length) : undefined,
  };
}

const TEMPLATES: readonly Template[] = SAMPLE_VIDEO_DEFS.map(buildTemplate);
const SEARCHABLE_TEMPLATES: readonly Template[] = TEMPLATES.filter(
  (t) => t.def.searchable !== false,
);

function seededSceneIndexes(seed: string, t: Template): SceneIndexEntry[] {
  if (t.def.searchable === false) return [];
  const out: SceneIndexEntry[] = [
    {
      sceneIndexId: sceneIndexIdFor(`${seed}:shots`),
      name: 'Shots',
      extractionType: 'shot',
      status: 'done',
      records: [...t.visual],
    },
  ];
  if (t.slides) {
    out.push({
      sceneIndexId: sceneIndexIdFor(`${seed}:slides`),
      name: 'Slides and on-screen text',
      extractionType: 'time',
      status: 'done',
      records: [...t.slides],
    });
  }
  return out;
}

function dateFor(n: number): string {
  // Spread creation dates over 2023–2025 so sorting by date looks natural.
  const base = Date.UTC(2023, 0, 1);
  return new Date(base + Math.floor(n * 4.1 * 86_400_000) + n * 3_600_000).toISOString();
}

function videoFromTemplate(
  id: string,
  cid: string,
  name: string,
  t: Template,
  n: number,
): VideoEntry {
  const searchable = t.def.searchable !== false;
  return {
    id,
    collectionId: cid,
    name,
    description: t.def.description,
    length: t.length,
    size: Math.round(t.length * (240_000 + unitHash(`${id}:size`) * 80_000)),
    extension: 'mp4',
    createdAt: dateFor(n),
    sentences: t.sentences,
    visual: t.visual,
    transcriptReady: searchable,
    spokenIndexed: searchable,
    sceneIndexes: seededSceneIndexes(id, t),
    hasThumbnail: searchable,
  };
}

function templateByKey(key: string): Template {
  const t = TEMPLATES.find((x) => x.def.key === key);
  if (!t) throw new Error(`unknown sample video ${key}`);
  return t;
}

/** Ids and names of the seeded library that tests can rely on (stable across restarts). */
export const SAMPLE = {
  defaultCollectionId: collectionId('default'),
  talksCollectionId: collectionId('talks'),
  customersCollectionId: collectionId('customers'),
  archiveCollectionId: collectionId('archive'),
  archiveVideoCount: ARCHIVE_VIDEO_COUNT,
  pricingTalkId: videoId('pricing-talk'),
  pricingTalkName: templateByKey('pricing-talk').def.name,
  pricingTalkShotsIndexId: sceneIndexIdFor(`${videoId('pricing-talk')}:shots`),
  pricingTalkSlidesIndexId: sceneIndexIdFor(`${videoId('pricing-talk')}:slides`),
  acmeDemoId: videoId('acme-demo'),
  distributedLectureId: videoId('distributed-lecture'),
  onboardingWalkthroughId: videoId('onboarding-walkthrough'),
  knifeSkillsId: videoId('knife-skills'),
  knifeSkillsShotsIndexId: sceneIndexIdFor(`${videoId('knife-skills')}:shots`),
  accessibilityKeynoteId: videoId('accessibility-keynote'),
  postgresTalkId: videoId('postgres-scaling'),
  remoteWorkPanelId: videoId('remote-work-panel'),
  mlProductionTalkId: videoId('ml-production'),
  onboardingInterviewId: videoId('onboarding-interview'),
  securityInterviewId: videoId('security-interview'),
  globexSalesCallId: videoId('globex-sales-call'),
  /** No spoken index, no scene index, no transcript and a null thumbnail until processed. */
  unsearchableVideoId: videoId('offsite-raw'),
  unsearchableVideoName: templateByKey('offsite-raw').def.name,
  /** Number of seeded (non-archive) videos per collection. */
  videoCounts: {
    default: SAMPLE_VIDEO_DEFS.filter((d) => d.collection === 'default').length,
    talks: SAMPLE_VIDEO_DEFS.filter((d) => d.collection === 'talks').length,
    customers: SAMPLE_VIDEO_DEFS.filter((d) => d.collection === 'customers').length,
  },
} as const;

/**
 * The server's library: seeded collections and videos (mutable, per server instance) plus the
 * generated archive, whose videos are built from their index on demand and only kept once
 * something about them changes.
 */
export class Library {
  readonly defaultCollectionId = SAMPLE.defaultCollectionId;
  /** Credits the account has spent (indexing), for `GET /billing/usage`. */
  creditsUsed = 0;

  /** Spend credits (never below zero: the local server does not refuse for credits). */
  charge(credits: number): void {
    if (Number.isFinite(credits) && credits > 0) this.creditsUsed += credits;
  }
  private readonly collectionList: CollectionEntry[] = [];
  private readonly videos = new Map<string, VideoEntry>();
  private readonly order = new Map<string, string[]>();
  private readonly archiveTouched = new Map<string, VideoEntry>();
  private readonly withArchive: boolean;

  constructor(seed: boolean) {
    this.withArchive = seed;
    const defs = seed
      ? SAMPLE_COLLECTION_DEFS
      : SAMPLE_COLLECTION_DEFS.filter((c) => c.key === 'default');
    for (const c of defs) {
      this.collectionList.push({
        id: collectionId(c.key),
        name: c.name,
        description: c.description,
        isPublic: false,
      });
      this.order.set(collectionId(c.key), []);
    }
    if (seed) {
      this.collectionList.push({
        id: SAMPLE.archiveCollectionId,
        name: 'Archive',
        description: `Older recordings (${ARCHIVE_VIDEO_COUNT} videos).`,
        isPublic: false,
      });
      TEMPLATES.forEach((t, n) => {
        const cid = collectionId(t.def.collection satisfies SampleCollectionKey);
        const v = videoFromTemplate(videoId(t.def.key), cid, t.def.name, t, 900 + n);
        this.videos.set(v.id, v);
        this.order.get(cid)?.push(v.id);
      });
    }
  }

  /** All collections, the default one first. */
  collections(): readonly CollectionEntry[] {
    return this.collectionList;
  }

  /** A collection by id, or the default one for the literal `default`. */
  collection(id: string): CollectionEntry | undefined {
    const real = id === 'default' ? this.defaultCollectionId : id;
    return this.collectionList.find((c) => c.id === real);
  }

  /** Number of videos in a collection. */
  videoCount(cid: string): number {
    if (cid === SAMPLE.archiveCollectionId && this.withArchive) return ARCHIVE_VIDEO_COUNT;
    return this.order.get(cid)?.length ?? 0;
  }

  /** A slice of a collection's videos, in a stable order. */
  listVideos(cid: string, offset: number, limit: number): VideoEntry[] {
    if (cid === SAMPLE.archiveCollectionId && this.withArchive) {
      const out: VideoEntry[] = [];
      for (let n = offset; n < Math.min(ARCHIVE_VIDEO_COUNT, offset + limit); n++)
        out.push(this.archiveVideo(n, false));
      return out;
    }
    const ids = this.order.get(cid) ?? [];
    return ids.slice(offset, offset + limit).flatMap((id) => {
      const v = this.videos.get(id);
      return v ? [v] : [];
    });
  }

  /** Add an uploaded video (audio, image) to the end of its collection. */
  add(v: VideoEntry): void {
    this.videos.set(v.id, v);
    const ids = this.order.get(v.collectionId);
    if (ids) ids.push(v.id);
    else this.order.set(v.collectionId, [v.id]);
  }

  /** A video by id (seeded or archive); archive videos are kept from here on so changes stick. */
  video(id: string): VideoEntry | undefined {
    const seeded = this.videos.get(id);
    if (seeded) return seeded;
    const n = this.withArchive ? archiveIndexOf(id) : undefined;
    return n === undefined ? undefined : this.archiveVideo(n, true);
  }

  private archiveVideo(n: number, keep: boolean): VideoEntry {
    const id = archiveVideoId(n);
    const kept = this.archiveTouched.get(id);
    if (kept) return kept;
    const t = SEARCHABLE_TEMPLATES[n % SEARCHABLE_TEMPLATES.length];
    if (!t) throw new Error('no searchable templates');
    const num = String(n + 1).padStart(4, '0');
    const v = videoFromTemplate(
      id,
      SAMPLE.archiveCollectionId,
      `Archive #${num} — ${t.def.name}`,
      t,
      n,
    );
    if (keep) this.archiveTouched.set(id, v);
    return v;
  }
}
