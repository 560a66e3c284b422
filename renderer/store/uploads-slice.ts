/**
 * "Add videos…": the uploads as main reports them. Files dropped on the library or chosen in the
 * dialog become paths through `window.files` (preload, or the preview page), then one
 * `uploads:add-files` call; `uploads:changed` events replace an upload in place (progress, done,
 * failure). Nothing is kept here: main owns the list (it outlives the window and the app).
 */
import type { IndexingTask, Upload } from '../../app/shared/domain';
import { settle, type Outcome } from './result';
import type { SliceCreator } from './state';

/** Uploads slice. */
export interface UploadsSlice {
  /** Every upload, newest first (null until listed). */
  uploads: Upload[] | null;
  loadUploads(): Promise<void>;
  /** An `uploads:changed` event (or a call's answer). */
  applyUpload(upload: Upload): void;
  /** Add files (dropped or chosen) to a collection; a toast says what happened. */
  addFiles(collectionId: string, files: readonly File[]): Promise<void>;
  /** Add a public link; the caller shows a failure next to the field. */
  addLink(collectionId: string, link: string, name?: string): Promise<Outcome<Upload>>;
  pauseUpload(id: string): Promise<void>;
  resumeUpload(id: string): Promise<void>;
  /** An uncertain upload the person checked is missing: ask VideoDB to add it again. */
  registerUploadAgain(id: string): Promise<void>;
  dismissUpload(id: string): Promise<void>;
  /** "Make searchable" for the video an upload made. */
  makeUploadSearchable(id: string, kind: 'spoken' | 'scenes'): Promise<Outcome<IndexingTask>>;
}

function upsert(list: readonly Upload[], u: Upload): Upload[] {
  const at = list.findIndex((x) => x.id === u.id);
  if (at >= 0) {
    // An answer that arrives after a newer event must not move the upload back.
    if (list[at]!.updatedAt > u.updatedAt) return list as Upload[];
    return list.map((x, i) => (i === at ? u : x));
  }
  return [u, ...list].sort((a, b) => b.createdAt - a.createdAt);
}

/** Create the uploads slice. */
export const createUploadsSlice: SliceCreator<UploadsSlice> = ({ set, get, api }) => {
  const answer = async (call: ReturnType<typeof api.uploads.pause>) => {
    const r = await settle(call);
    if (r.ok) get().applyUpload(r.value);
    else get().pushToast({ kind: 'error', text: r.error.message });
  };
  const toastError = (text: string) => get().pushToast({ kind: 'error', text });
  return {
    uploads: null,
    async loadUploads() {
      const r = await settle(api.uploads.list());
      if (!r.ok) return;
      set((s) => {
        let list = r.value;
        for (const u of s.uploads ?? []) list = upsert(list, u);
        return { uploads: list };
      });
    },
    applyUpload(u) {
      set((s) => ({ uploads: upsert(s.uploads ?? [], u) }));
    },
    async addFiles(collectionId, files) {
      if (files.length === 0) return;
      const bridge = window.files;
      if (bridge === undefined) {
        toastError('This window cannot read files. Use the app to add videos.');
        return;
      }
      let paths: string[];
      try {
        paths = await bridge.pathsFor(files);
      } catch (err) {
        toastError(err instanceof Error ? err.message : 'The files could not be read. Try again.');
        return;
      }
      const known = paths.filter((p) => p !== '');
      if (known.length === 0) {
        toastError('Those are not files on this computer. Drop video files from a folder.');
        return;
      }
      const r = await settle(api.uploads.addFiles({ collectionId, paths: known }));
      if (!r.ok) {
        toastError(r.error.message);
        return;
      }
      for (const u of r.value) get().applyUpload(u);
      const taken = r.value.filter((u) => u.status !== 'failed').length;
      const refused = r.value.filter((u) => u.status === 'failed');
      const name = get().collections?.find((c) => c.id === collectionId)?.name ?? 'the collection';
      if (taken > 0) {
        get().pushToast({
          kind: 'info',
          text: `Adding ${taken === 1 ? '1 file' : `${taken} files`} to ${name}.`,
          action: { label: 'Show uploads', run: () => get().openDialog({ kind: 'uploads' }) },
        });
      }
      if (refused.length > 0) {
        toastError(
          refused.length === 1
            ? refused[0]!.error!.message
            : `${refused.length} files were not added: they are not video, audio or image files, or could not be read.`,
        );
      }
    },
    async addLink(collectionId, link, name) {
      const r = await settle(
        api.uploads.addLink({
          collectionId,
          link,
          ...(name !== undefined && name.trim() !== '' ? { name } : {}),
        }),
      );
      if (r.ok) get().applyUpload(r.value);
      return r;
    },
    pauseUpload: (id) => answer(api.uploads.pause({ id })),
    resumeUpload: (id) => answer(api.uploads.resume({ id })),
    registerUploadAgain: (id) => answer(api.uploads.registerAgain({ id })),
    async dismissUpload(id) {
      const r = await settle(api.uploads.dismiss({ id }));
      if (!r.ok) {
        toastError(r.error.message);
        return;
      }
      set((s) => ({ uploads: (s.uploads ?? []).filter((u) => u.id !== id) }));
    },
    async makeUploadSearchable(id, kind) {
      const u = get().uploads?.find((x) => x.id === id);
      if (u === undefined || u.videoId === null) {
        return { ok: false, error: { code: 'validation', message: 'The video is not added yet.' } };
      }
      const r = await settle(
        api.library.makeSearchable({ videoId: u.videoId, collectionId: u.collectionId, kind }),
      );
      if (r.ok) get().applyIndexing(r.value);
      return r;
    },
  };
};
