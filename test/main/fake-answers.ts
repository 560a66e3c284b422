/**
 * One answer per core call for the fake core, in the contract's shapes: typed against
 * `CallOutput`, and parsed against the output schemas at run time (the tests run with
 * VIDEODB_CHECK_CONTRACT=1), so a contract change that the fake does not follow fails a test.
 */
import type { CallOutput } from '../../app/shared/contract';
import type { CoreCallName } from '../../app/core/types';
import type {
  Comparison,
  ConnectivityState,
  Download,
  EditorExport,
  IndexingTask,
  Job,
  JobSummary,
  MultiClip,
  MultiClipDetail,
  SecretsStatus,
  Settings,
  Upload,
  Video,
} from '../../app/shared/domain';

const T = 1_700_000_000_000;

export const FAKE_JOB: Job = {
  id: 'j-1',
  request: {
    videoId: 'm-1',
    collectionId: 'c-1',
    prompt: 'pricing',
    contentType: 'spoken',
    modelName: 'basic',
  },
  videoName: 'Keynote',
  status: 'done',
  progress: null,
  stuck: false,
  tracking: true,
  favourite: false,
  segments: [{ start: 1, end: 4, text: 'the price', score: 0.9, streamUrl: null }],
  clipStreamUrl: null,
  clipPlayerUrl: null,
  linksMintedAt: null,
  sourceStreamUrl: null,
  error: null,
  attempts: 1,
  createdAt: T,
  updatedAt: T,
  sentAt: T,
  finishedAt: T,
};

const { segments, ...jobWithoutSegments } = FAKE_JOB;
export const FAKE_JOB_SUMMARY: JobSummary = {
  ...jobWithoutSegments,
  segmentCount: segments.length,
};

const SECRETS: SecretsStatus = {
  hasKey: true,
  storage: 'keychain',
  apiBaseUrl: 'https://api.videodb.io',
};
const SETTINGS: Settings = { apiBaseUrl: 'https://api.videodb.io', notifications: true };
const CONNECTIVITY: ConnectivityState = {
  online: true,
  queued: 0,
  paused: false,
  lastCheckedAt: T,
  version: 1,
};
const VIDEO: Video = {
  id: 'm-1',
  collectionId: 'c-1',
  name: 'Keynote',
  description: null,
  length: 60,
  thumbnailUrl: null,
  streamUrl: null,
  playerUrl: null,
  createdAt: null,
  searchableBySpeech: true,
  searchableByScenes: null,
};
const INDEXING: IndexingTask = {
  videoId: 'm-1',
  kind: 'spoken',
  status: 'running',
  progress: null,
  error: null,
};
const DOWNLOAD: Download = {
  id: 'd-1',
  jobId: 'j-1',
  targetPath: 'clip.mp4',
  fileName: 'clip.mp4',
  status: 'paused',
  bytesDone: 0,
  totalBytes: null,
  bytesPerSecond: 0,
  error: null,
  createdAt: T,
  updatedAt: T,
};
const EDITOR_EXPORT: EditorExport = {
  id: 'e-1',
  jobId: 'j-1',
  clientRef: 'ref-1',
  status: 'queued',
  bundleUrl: null,
  fidelityLevel: null,
  fidelity: [],
  error: null,
  createdAt: T,
  updatedAt: T,
};
const MULTICLIP: MultiClip = {
  id: 'mc-1',
  prompt: 'pricing',
  contentType: 'spoken',
  modelName: 'basic',
  scopeCollectionId: null,
  createdAt: T,
  narrowed: false,
  skipped: 0,
  children: [],
  counts: { total: 0, answered: 0, failed: 0, running: 0, uncertain: 0, preparing: 0 },
  reel: null,
};
const COMPARISON: Comparison = {
  id: 'cmp-1',
  videoId: 'm-1',
  collectionId: 'c-1',
  videoName: 'Keynote',
  videoLength: 60,
  prompt: 'pricing',
  sceneIndexId: null,
  createdAt: T,
  runs: [],
  counts: { total: 0, answered: 0, failed: 0, running: 0, uncertain: 0 },
  overlap: [],
};
const MULTICLIP_DETAIL: MultiClipDetail = { ...MULTICLIP, segments: [], breakdown: [] };
const UPLOAD: Upload = {
  id: 'u-1',
  collectionId: 'c-1',
  source: 'link',
  name: 'Keynote',
  fileName: null,
  link: 'https://example.com/keynote.mp4',
  mediaType: 'video',
  status: 'waiting',
  bytesDone: 0,
  totalBytes: null,
  bytesPerSecond: 0,
  resumable: null,
  restarts: 0,
  videoId: null,
  duplicateOf: null,
  error: null,
  createdAt: T,
  updatedAt: T,
};
const OK = { ok: true as const };

/** What the fake core answers to each call (whatever the input). */
export const FAKE_ANSWERS: { [C in CoreCallName]: CallOutput<C> } = {
  'app:startup-warnings': [],
  'secrets:status': SECRETS,
  'secrets:set-api-key': SECRETS,
  'secrets:test-api-key': OK,
  'secrets:clear': { ...SECRETS, hasKey: false },
  'settings:get': SETTINGS,
  'settings:update': SETTINGS,
  'library:list-collections': {
    collections: [{ id: 'c-1', name: 'Talks', description: null, isDefault: true }],
    fromCache: false,
    fetchedAt: T,
  },
  'library:list-videos': { videos: [VIDEO], total: 1, fromCache: false, fetchedAt: T },
  'library:get-video': {
    video: VIDEO,
    sceneIndexes: [],
    indexing: [],
    fromCache: false,
    fetchedAt: T,
  },
  'library:refresh': OK,
  'library:make-searchable': INDEXING,
  'jobs:submit': { job: FAKE_JOB, existing: false },
  'jobs:list': { jobs: [FAKE_JOB_SUMMARY], total: 1, totalIsLowerBound: false },
  'jobs:get': FAKE_JOB,
  'jobs:videos': [{ videoId: 'm-1', videoName: 'Keynote', count: 1 }],
  'jobs:retry': FAKE_JOB,
  'jobs:resend-uncertain': FAKE_JOB,
  'jobs:stop-tracking': { ...FAKE_JOB, tracking: false },
  'jobs:follow': FAKE_JOB,
  'jobs:delete': { deleted: 1 },
  'jobs:set-favourite': { ...FAKE_JOB, favourite: true },
  'clipboard:copy': { text: 'https://console.videodb.io/player', count: 1, skipped: [] },
  'downloads:list': [DOWNLOAD],
  'downloads:pause': DOWNLOAD,
  'downloads:resume': { ...DOWNLOAD, status: 'downloading' },
  'downloads:editor-export': EDITOR_EXPORT,
  'downloads:editor-exports': [EDITOR_EXPORT],
  'multiclip:submit': MULTICLIP,
  'multiclip:readiness': {
    total: 1,
    ready: 1,
    missing: [],
    speechUnknown: 0,
    scenesUnknown: 0,
    estimateMinutes: null,
    usage: null,
    online: true,
  },
  'multiclip:parent-of': null,
  'multiclip:list': [MULTICLIP],
  'multiclip:get': MULTICLIP_DETAIL,
  'multiclip:retry-failed': MULTICLIP,
  'multiclip:compile': MULTICLIP_DETAIL,
  'multiclip:copy': { text: '- Keynote 0:01–0:04' },
  'compare:submit': COMPARISON,
  'compare:get': COMPARISON,
  'compare:list': [COMPARISON],
  'compare:retry-failed': COMPARISON,
  'compare:parent-of': null,
  'uploads:add-files': [UPLOAD],
  'uploads:add-link': UPLOAD,
  'uploads:list': [UPLOAD],
  'uploads:pause': { ...UPLOAD, status: 'paused' },
  'uploads:resume': UPLOAD,
  'uploads:register-again': UPLOAD,
  'uploads:dismiss': OK,
  'connectivity:status': CONNECTIVITY,
  'connectivity:check': CONNECTIVITY,
  'outbox:pause': { ...CONNECTIVITY, paused: true },
  'outbox:resume': CONNECTIVITY,
};
