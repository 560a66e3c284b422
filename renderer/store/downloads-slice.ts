/**
 * "Save as MP4…": the downloads of each clip as main reports them. `downloads:changed` events
 * replace a download in place (progress, pause, done, failure); the detail asks for a clip's
 * list when it opens.
 */
import type { Download, EditorExport } from '../../app/shared/domain';
import { settle } from './result';
import type { SliceCreator } from './state';

/** Downloads slice. */
export interface DownloadsSlice {
  /** Downloads per clip id, newest first; a clip not listed yet is absent. */
  downloadsByJob: Record<string, Download[]>;
  /** Fetch one clip's downloads (the detail does when it opens). */
  loadDownloads(jobId: string): Promise<void>;
  /** A `downloads:changed` event (or a call's answer): put it in its clip's list. */
  applyDownload(download: Download): void;
  /** Ask where to save the clip, then start the download (a toast says where it goes). */
  saveAsMp4(jobId: string): Promise<void>;
  pauseDownload(id: string): Promise<void>;
  /** Resume a paused download, or retry a failed one from the bytes already saved. */
  resumeDownload(id: string): Promise<void>;
  showDownloadInFolder(id: string): Promise<void>;
  /** VideoDB's editor bundle per clip id (this run of the app). */
  editorExportsByJob: Record<string, EditorExport>;
  loadEditorExport(jobId: string): Promise<void>;
  /** A `downloads:editor-export-changed` event (or a call's answer). */
  applyEditorExport(e: EditorExport): void;
  /** Ask VideoDB for the clip's editor bundle; a toast says why when it cannot. */
  startEditorExport(jobId: string): Promise<void>;
}

function upsert(list: readonly Download[], d: Download): Download[] {
  const at = list.findIndex((x) => x.id === d.id);
  if (at >= 0) {
    // An answer that arrives after a newer event must not move the download back.
    if (list[at]!.updatedAt > d.updatedAt) return list as Download[];
    return list.map((x, i) => (i === at ? d : x));
  }
  return [d, ...list].sort((a, b) => b.createdAt - a.createdAt);
}

/** Create the downloads slice. */
export const createDownloadsSlice: SliceCreator<DownloadsSlice> = ({ set, get, api }) => {
  const answer = async (call: ReturnType<typeof api.downloads.pause>) => {
    const r = await settle(call);
    if (r.ok) get().applyDownload(r.value);
    else get().pushToast({ kind: 'error', text: r.error.message });
  };
  return {
    downloadsByJob: {},
    async loadDownloads(jobId) {
      const r = await settle(api.downloads.list({ jobId }));
      if (!r.ok) return;
      set((s) => {
        // Events may have arrived while the list was on its way: keep the newer of each.
        let list = r.value;
        for (const d of s.downloadsByJob[jobId] ?? []) list = upsert(list, d);
        return { downloadsByJob: { ...s.downloadsByJob, [jobId]: list } };
      });
    },
    applyDownload(d) {
      set((s) => ({
        downloadsByJob: {
          ...s.downloadsByJob,
          [d.jobId]: upsert(s.downloadsByJob[d.jobId] ?? [], d),
        },
      }));
    },
    async saveAsMp4(jobId) {
      const r = await settle(api.downloads.save({ jobId }));
      if (!r.ok) {
        get().pushToast({ kind: 'error', text: r.error.message });
        return;
      }
      const d = r.value.download;
      if (d === null) return; // The user cancelled the save dialog.
      get().applyDownload(d);
      get().pushToast({ kind: 'info', text: `Saving the clip as ${d.fileName}.` });
    },
    pauseDownload: (id) => answer(api.downloads.pause({ id })),
    resumeDownload: (id) => answer(api.downloads.resume({ id })),
    editorExportsByJob: {},
    async loadEditorExport(jobId) {
      const r = await settle(api.downloads.editorExports({ jobId }));
      if (r.ok && r.value[0] !== undefined) get().applyEditorExport(r.value[0]);
    },
    applyEditorExport(e) {
      set((s) => {
        const known = s.editorExportsByJob[e.jobId];
        if (known !== undefined && known.id === e.id && known.updatedAt > e.updatedAt) return s;
        return { editorExportsByJob: { ...s.editorExportsByJob, [e.jobId]: e } };
      });
    },
    async startEditorExport(jobId) {
      const r = await settle(api.downloads.editorExport({ jobId }));
      if (r.ok) get().applyEditorExport(r.value);
      else get().pushToast({ kind: 'error', text: r.error.message });
    },
    async showDownloadInFolder(id) {
      const r = await settle(api.downloads.showInFolder({ id }));
      if (!r.ok) get().pushToast({ kind: 'error', text: r.error.message });
    },
  };
};
