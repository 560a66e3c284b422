/**
 * An upload as the engine keeps it in `uploads.json`, what the window sees of it, and the checks
 * of a file before anything is sent: which files are taken (media types) and why one is not.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, extname, isAbsolute } from 'node:path';
import type { AppErrorInfo, Upload, UploadStatus } from '../../shared/domain';
import type { RunningTransfer } from '../engine';
import { VideoDbError } from '../videodb';

/** What an upload is: a video, audio or an image. */
export type MediaType = Upload['mediaType'];

/** An upload as kept on disk. */
export interface UploadRecord {
  id: string;
  collectionId: string;
  source: 'file' | 'link';
  name: string;
  /** The file (source `file`). */
  path: string | null;
  link: string | null;
  mediaType: MediaType;
  size: number | null;
  mtimeMs: number | null;
  sha256: string | null;
  status: UploadStatus;
  /** The presigned address the file goes to (and the URL registered). */
  uploadUrl: string | null;
  resumable: boolean | null;
  bytesDone: number;
  /** The whole file is at the address. */
  transferred: boolean;
  restarts: number;
  /** `POST /upload` went out (saved before sending): without an answer the upload is uncertain. */
  registerSent: boolean;
  /** The import job to poll. */
  jobUrl: string | null;
  videoId: string | null;
  duplicateOf: string | null;
  error: AppErrorInfo | null;
  createdAt: number;
  updatedAt: number;
}

/** Why an upload was stopped: paused, taken off the list, or the core is closing (continue next start). */
export type Running = RunningTransfer<'pause' | 'dismiss' | 'close'>;

const MAX_FILE_BYTES = 50 * 1024 ** 3;

/** File extensions taken, by media type (VideoDB's own upload dialog takes these kinds). */
const MEDIA_EXTENSIONS: Record<MediaType, readonly string[]> = {
  video: [
    'mp4',
    'mov',
    'm4v',
    'mkv',
    'webm',
    'avi',
    'wmv',
    'flv',
    'mpg',
    'mpeg',
    'ts',
    'mts',
    '3gp',
  ],
  audio: ['mp3', 'wav', 'm4a', 'aac', 'flac', 'ogg', 'oga', 'opus', 'wma'],
  image: ['jpg', 'jpeg', 'png', 'gif', 'webp', 'bmp', 'tif', 'tiff', 'heic'],
};

/** The media type a file name says, or null when it is not a video, audio or image file. */
export function mediaTypeOf(fileName: string): MediaType | null {
  const ext = extname(fileName).slice(1).toLowerCase();
  for (const [type, exts] of Object.entries(MEDIA_EXTENSIONS) as Array<[MediaType, string[]]>) {
    if (exts.includes(ext)) return type;
  }
  return null;
}

/** The states of an upload under way (the status bar counts them). */
export const ACTIVE: ReadonlySet<UploadStatus> = new Set([
  'checking',
  'waiting',
  'uploading',
  'registering',
  'processing',
]);

/** A new upload's record: everything at its start. */
export function blankUpload(collectionId: string, now: number): UploadRecord {
  return {
    id: randomUUID(),
    collectionId,
    source: 'file',
    name: '',
    path: null,
    link: null,
    mediaType: 'video',
    size: null,
    mtimeMs: null,
    sha256: null,
    status: 'checking',
    uploadUrl: null,
    resumable: null,
    bytesDone: 0,
    transferred: false,
    restarts: 0,
    registerSent: false,
    jobUrl: null,
    videoId: null,
    duplicateOf: null,
    error: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Why a path cannot be uploaded, in plain words; null when it can. */
export async function fileProblem(path: string): Promise<string | null> {
  const name = basename(path);
  if (!isAbsolute(path)) return `“${name}” could not be found. Choose the file again.`;
  if (mediaTypeOf(name) === null)
    return `“${name}” is not a video, audio or image file, so it was not added.`;
  try {
    const st = await stat(path);
    if (!st.isFile()) return `“${name}” is not a file, so it was not added.`;
    if (st.size === 0) return `“${name}” is empty, so it was not added.`;
    if (st.size > MAX_FILE_BYTES) return `“${name}” is larger than 50 GB, so it was not added.`;
    return null;
  } catch {
    return `“${name}” could not be read. Check that it still exists and you can open it.`;
  }
}

/** The upload as the window sees it. */
export function toUpload(rec: UploadRecord, bytesPerSecond: number): Upload {
  return {
    id: rec.id,
    collectionId: rec.collectionId,
    source: rec.source,
    name: rec.name,
    fileName: rec.path === null ? null : basename(rec.path),
    link: rec.link,
    mediaType: rec.mediaType,
    status: rec.status,
    bytesDone: rec.bytesDone,
    totalBytes: rec.size,
    bytesPerSecond,
    resumable: rec.resumable,
    restarts: rec.restarts,
    videoId: rec.videoId,
    duplicateOf: rec.duplicateOf,
    error: rec.error,
    createdAt: rec.createdAt,
    updatedAt: rec.updatedAt,
  };
}

/** The network is gone: the upload waits for it (not a failure). */
export class WaitForNetwork extends Error {}

/** Too many dropped connections in a row: the upload waits for the person's "Resume". */
export class PausedError extends VideoDbError {
  constructor() {
    super(
      'offline',
      'The connection kept dropping, so the upload is paused. Resume it when the network is steady.',
    );
  }
}
