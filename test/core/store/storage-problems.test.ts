/**
 * Start-up storage failures in plain words (issue 9 §3): each case is a real file or folder, and
 * the message names what to do; never a raw SQLite error. A damaged history is salvaged row by row.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  chmodSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  closeSync,
  existsSync,
  truncateSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { syntheticJobs } from '../../support/synthetic-jobs';
import { bulkInsert } from '../../support/bulk-insert';
import { DATABASE_FILE, StorageError, moveHistoryAside, openStore } from '../../../app/core/store';
import { fileProblem, folderProblem } from '../../../app/core/store/storage-error';
import { clipRequest } from '../../support/store-rows';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const RAW = /SQLITE_|sqlite3|malformed|errcode|disk image|ENOENT|EACCES|ENOTDIR/;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'storage-'));
});
afterEach(() => {
  try {
    chmodSync(dir, 0o700);
  } catch {
    // gone
  }
  rmSync(dir, { recursive: true, force: true });
});

function caught(fn: () => unknown): StorageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).not.toMatch(RAW);
    return err as StorageError;
  }
  throw new Error('expected a StorageError');
}

const request = clipRequest;

describe('integrity check only after an unclean shutdown', () => {
  /** Zero a run of pages inside the file, keeping its size and modification time. */
  function damageInPlace(file: string): void {
    const { size, atime, mtime } = statSync(file);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 4, 0), 0, 4096 * 4, Math.floor(size / 3 / 4096) * 4096);
    closeSync(fd);
    utimesSync(file, atime, mtime);
  }
  const fill = () => {
    const store = openStore(dir);
    bulkInsert(store, syntheticJobs(4000, { now: 1e12, segmentsPerJob: 1 }));
    return store;
  };

  it('a cleanly closed file opens without the full check (the mark is used once)', () => {
    fill().close();
    const file = join(dir, DATABASE_FILE);
    expect(existsSync(`${file}.closed-cleanly`)).toBe(true);
    damageInPlace(file);
    const reopened = openStore(dir);
    expect(reopened.warnings).toEqual([]); // not checked, so not noticed: the check was skipped
    expect(existsSync(`${file}.closed-cleanly`)).toBe(false);
    reopened.db.close(); // no clean close this time
  });

  it('after a crash (no mark) the same damage is found, moved aside and salvaged', () => {
    const store = fill();
    store.db.close(); // the process "dies": no clean-shutdown mark
    const file = join(dir, DATABASE_FILE);
    expect(existsSync(`${file}.closed-cleanly`)).toBe(false);
    damageInPlace(file);
    const reopened = openStore(dir);
    expect(reopened.warnings[0]?.message).toMatch(/recovered into a new file/);
    reopened.close();
  });

  it('a file changed after a clean close (other size) is checked', () => {
    fill().close();
    const file = join(dir, DATABASE_FILE);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const reopened = openStore(dir);
    expect(reopened.warnings).toHaveLength(1);
    reopened.close();
  });
});

describe('start-up storage problems', () => {
  it('a data folder that is a file', () => {
    const notADir = join(dir, 'data');
    writeFileSync(notADir, 'I am a file');
    const e = caught(() => openStore(notADir));
    expect(e.problem).toBe('folder-is-file');
    expect(e.message).toContain('that is a file, not a folder');
    expect(e.canMoveAside).toBe(false);
  });

  it('a foreign SQLite file is left untouched; moving it aside starts fresh and keeps it', () => {
    const file = join(dir, DATABASE_FILE);
    const db = new DatabaseSync(file);
    db.exec("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');");
    db.close();
    const before = readFileSync(file);
    const e = caught(() => openStore(dir));
    expect(e.problem).toBe('foreign-file');
    expect(e.message).toMatch(/another program/);
    expect(e.canMoveAside).toBe(true);
    expect(readFileSync(file).equals(before)).toBe(true);

    const aside = moveHistoryAside(dir, Date.UTC(2026, 0, 1));
    expect(aside).toContain('.moved-aside-2026-01-01');
    expect(readFileSync(aside!).equals(before)).toBe(true);
    const store = openStore(dir);
    expect(store.jobs.list({ offset: 0, limit: 5 }).total).toBe(0);
    store.close();
  });

  it('a missing table: the file is moved aside and what can be read is salvaged', () => {
    const store = openStore(dir);
    store.jobs.insertQueued({
      id: 'q1',
      request: request('waiting one'),
      videoName: 'v',
      fingerprint: 'f1',
      createdAt: 1,
    });
    bulkInsert(store, syntheticJobs(200, { now: 1e12, segmentsPerJob: 1 }));
    store.close();
    const db = new DatabaseSync(join(dir, DATABASE_FILE));
    db.exec('DROP TABLE settings');
    db.close();
    const reopened = openStore(dir);
    expect(reopened.warnings).toHaveLength(1);
    expect(reopened.warnings[0]!.message).toMatch(/201 clips were recovered/);
    expect(reopened.warnings[0]!.message).not.toMatch(RAW);
    expect(reopened.jobs.list({ offset: 0, limit: 5 }).total).toBe(201);
    // The queued request is still queued, with its outbox row: it will be sent.
    expect(reopened.jobs.outboxRow('q1')).not.toBeNull();
    reopened.close();
    expect(readdirSync(dir).some((n) => n.includes('.corrupt-'))).toBe(true);
  });

  it('a damaged page costs its rows, not the whole history; lost queued requests are named', () => {
    const store = openStore(dir);
    bulkInsert(store, syntheticJobs(4000, { now: 1e12, segmentsPerJob: 1 }));
    for (let i = 0; i < 5; i++) {
      store.jobs.insertQueued({
        id: `q${i}`,
        request: request(`queued prompt ${i}`),
        videoName: 'v',
        fingerprint: `fq${i}`,
        createdAt: 2e12 + i,
      });
    }
    store.close();
    const file = join(dir, DATABASE_FILE);
    const size = statSync(file).size;
    // Zero a run of pages in the middle of the file.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 4, 0), 0, 4096 * 4, Math.floor(size / 3 / 4096) * 4096);
    closeSync(fd);
    const reopened = openStore(dir);
    const total = reopened.jobs.list({ offset: 0, limit: 1 }).total;
    expect(reopened.warnings[0]!.message).toMatch(/recovered into a new file/);
    expect(reopened.warnings[0]!.message).not.toMatch(RAW);
    // Four zeroed pages may take an interior page of the clips' table (a quarter of it at most
    // here), never the whole history.
    expect(total).toBeGreaterThan(2000);
    expect(total).toBeLessThanOrEqual(4005);
    // Every recovered queued request can still be sent.
    for (let i = 0; i < 5; i++) {
      if (reopened.jobs.get(`q${i}`)) expect(reopened.jobs.outboxRow(`q${i}`)).not.toBeNull();
    }
    reopened.close();
  });

  it('a queued request whose clip row was lost is named in the warning', () => {
    const store = openStore(dir);
    for (const [id, prompt] of [
      ['q1', 'kept request'],
      ['q2', 'lost request'],
    ] as const) {
      store.jobs.insertQueued({
        id,
        request: request(prompt),
        videoName: 'v',
        fingerprint: id,
        createdAt: 1,
      });
    }
    store.close();
    const db = new DatabaseSync(join(dir, DATABASE_FILE), { enableForeignKeyConstraints: false });
    db.exec("DELETE FROM jobs WHERE id = 'q2'; DROP TABLE settings;");
    db.close();
    const reopened = openStore(dir);
    const message = reopened.warnings[0]!.message;
    expect(message).toMatch(/1 clip was recovered/);
    expect(message).toMatch(
      /1 request that was waiting to be sent could not be recovered: one whose prompt could not be read\. Ask for them again\./,
    );
    expect(reopened.jobs.outboxRow('q1')).not.toBeNull();
    reopened.close();
  });

  it('read-only file: a real SQLite read-only error becomes a plain message', () => {
    const file = join(dir, DATABASE_FILE);
    const made = new DatabaseSync(file);
    made.exec('CREATE TABLE t (x)');
    made.close();
    const ro = new DatabaseSync(file, { readOnly: true });
    let raw: unknown = null;
    try {
      ro.exec('INSERT INTO t VALUES (1)');
    } catch (err) {
      raw = err;
    }
    ro.close();
    expect(String(raw)).toMatch(/readonly/i);
    const e = fileProblem(raw, file, dir);
    expect(e.problem).toBe('read-only');
    expect(e.message).toMatch(/is read-only/);
    expect(e.message).not.toMatch(RAW);
  });

  it.skipIf(isRoot)('read-only file on disk (not as root, who may write anyway)', () => {
    openStore(dir).close();
    const file = join(dir, DATABASE_FILE);
    chmodSync(file, 0o444);
    const e = caught(() => openStore(dir));
    expect(['read-only', 'folder-unwritable']).toContain(e.problem);
  });

  it.skipIf(isRoot)('unwritable data folder on disk (not as root)', () => {
    const data = join(dir, 'data');
    chmodSync(dir, 0o500);
    const e = caught(() => openStore(data));
    expect(e.problem).toBe('folder-unwritable');
  });

  it('unwritable data folder: the errors Node gives become a plain message', () => {
    for (const code of ['EACCES', 'EPERM', 'EROFS']) {
      const e = folderProblem(Object.assign(new Error(`${code}: denied`), { code }), dir);
      expect(e.problem).toBe('folder-unwritable');
      expect(e.message).toContain('cannot write to its data folder');
      expect(e.message).not.toMatch(RAW);
    }
  });
});
