/**
 * Why the history could not be opened, in words a person can act on. Main shows it in a native
 * dialog at start ("Show logs" / "Move history aside and start fresh" / "Quit") instead of the
 * app vanishing; never a raw SQLite message.
 */
import { CoreError } from '../errors';

/** What went wrong with the data folder or the history file. */
export type StorageProblem =
  | 'folder-is-file'
  | 'folder-unwritable'
  | 'read-only'
  | 'foreign-file'
  | 'newer-version'
  | 'cannot-open';

/** A history that cannot be opened; `canMoveAside` says whether a fresh start would help. */
export class StorageError extends CoreError {
  constructor(
    readonly problem: StorageProblem,
    message: string,
    readonly canMoveAside: boolean,
    readonly path: string,
  ) {
    super('internal', message);
    this.name = 'StorageError';
  }
}

// SQLite primary result codes (https://sqlite.org/rescode.html).
const SQLITE_PERM = 3;
const SQLITE_READONLY = 8;
const SQLITE_CANTOPEN = 14;

function primaryCode(err: unknown): number {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code & 0xff : -1;
}

/** The data folder could not be made or used. */
export function folderProblem(err: unknown, dataDir: string): StorageError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return new StorageError(
      'folder-is-file',
      `The app keeps its history in ${dataDir}, but that is a file, not a folder. Move or rename that file, then start the app again.`,
      false,
      dataDir,
    );
  }
  return new StorageError(
    'folder-unwritable',
    `The app cannot write to its data folder ${dataDir}. Check that the folder exists and that you may write to it (disk full or read-only disks too), then start the app again.`,
    false,
    dataDir,
  );
}

/** The history file opened, but SQLite refused to read or write it. */
export function fileProblem(err: unknown, file: string, dataDir: string): StorageError {
  if (err instanceof StorageError) return err;
  const code = primaryCode(err);
  const message = (err as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : '';
  if (code === SQLITE_READONLY || /readonly|read-only/i.test(text)) {
    return new StorageError(
      'read-only',
      `Your clip history file ${file} is read-only, so the app cannot save new clips. Make it writable again, or move the history aside and start with an empty one.`,
      true,
      file,
    );
  }
  if (code === SQLITE_CANTOPEN || code === SQLITE_PERM || /EACCES|EPERM|EROFS/.test(text)) {
    return folderProblem(err, dataDir);
  }
  return new StorageError(
    'cannot-open',
    `Your clip history file ${file} could not be opened. You can move it aside and start with an empty history; the old file is kept.`,
    true,
    file,
  );
}
