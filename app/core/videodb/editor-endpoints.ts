/**
 * VideoDB's editor export job (videodb-api.md §8): `POST editor/export` `{timeline, format: "nle",
 * name?, client_ref?}` starts a job that packages a timeline as a bundle for editing software;
 * `GET editor/export/{timeline_id}/{job_id}` answers its status (`queued`, `rendering`,
 * `converting`, `packaging`, `done`, `error`) and, when done, a signed bundle URL and a `fidelity`
 * report of what the bundle could carry. `client_ref` is the client's idempotency key, so the POST
 * may be sent again after an ambiguous failure: the same ref names the same job.
 */
import type { EditorFidelityItem } from '../../shared/domain';
import type { VideoDbClient } from './client-types';
import { VideoDbError } from './errors';
import type { Transport } from './transport';

type EditorEndpoint = 'startEditorExport' | 'editorExportStatus';

/** A timeline as the export job takes it: one video track of cuts from VideoDB videos. */
export interface EditorTimeline {
  name: string;
  tracks: Array<{
    type: 'video';
    clips: Array<{ video_id: string; collection_id: string; start: number; end: number }>;
  }>;
}

const STATUSES = ['queued', 'rendering', 'converting', 'packaging', 'done', 'error'] as const;
/** Where an export job stands. */
export type EditorExportState = (typeof STATUSES)[number];

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The fidelity report, in whichever of the plausible shapes it comes: a list or a map. */
export function parseFidelity(raw: unknown): { level: string | null; items: EditorFidelityItem[] } {
  if (!raw || typeof raw !== 'object') return { level: null, items: [] };
  const r = raw as Record<string, unknown>;
  const level = text(r['level']) ?? text(r['summary']);
  const list = Array.isArray(r['items']) ? r['items'] : Array.isArray(raw) ? raw : null;
  const status = (v: unknown): EditorFidelityItem['status'] => {
    const s =
      typeof v === 'string' ? v.toLowerCase() : v === true ? 'kept' : v === false ? 'dropped' : '';
    if (/^(kept|carried|full|supported|ok|yes)$/.test(s)) return 'kept';
    if (/^(dropped|lost|unsupported|no|none)$/.test(s)) return 'dropped';
    return 'approximated';
  };
  if (list !== null) {
    const items = list.flatMap((x: unknown): EditorFidelityItem[] => {
      if (!x || typeof x !== 'object') return [];
      const i = x as Record<string, unknown>;
      const feature = text(i['feature']) ?? text(i['name']) ?? text(i['item']);
      if (feature === null) return [];
      return [
        {
          feature,
          status: status(i['status'] ?? i['carried']),
          note: text(i['note']) ?? text(i['reason']),
        },
      ];
    });
    return { level, items };
  }
  const items = Object.entries(r)
    .filter(([k]) => k !== 'level' && k !== 'summary')
    .map(([feature, v]) => ({ feature, status: status(v), note: null }));
  return { level, items };
}

/** The editor export endpoints over `t`. */
export function editorEndpoints(t: Transport): Pick<VideoDbClient, EditorEndpoint> {
  return {
    async startEditorExport(timeline, clientRef, signal) {
      const { data } = await t.send({
        method: 'POST',
        target: '/editor/export',
        body: { timeline, format: 'nle', name: timeline.name, client_ref: clientRef },
        // Idempotent by client_ref: a retry names the same job.
        kind: 'write',
        signal,
      });
      const d = (data ?? {}) as Record<string, unknown>;
      const timelineId = text(d['timeline_id']);
      const jobId = text(d['job_id']) ?? text(d['id']);
      if (timelineId === null || jobId === null)
        throw new VideoDbError('bad-response', 'VideoDB did not say which export job it started.');
      return { timelineId, jobId };
    },

    async editorExportStatus(timelineId, jobId, signal) {
      const { data } = await t.send({
        method: 'GET',
        target: `/editor/export/${encodeURIComponent(timelineId)}/${encodeURIComponent(jobId)}`,
        kind: 'read',
        signal,
      });
      const d = (data ?? {}) as Record<string, unknown>;
      const raw = typeof d['status'] === 'string' ? d['status'].toLowerCase() : '';
      const state: EditorExportState = (STATUSES as readonly string[]).includes(raw)
        ? (raw as EditorExportState)
        : raw === 'failed'
          ? 'error'
          : raw === 'completed' || raw === 'complete'
            ? 'done'
            : 'queued';
      if (state === 'error') {
        return { state, message: text(d['message']) ?? 'VideoDB could not make the bundle.' };
      }
      if (state !== 'done') return { state };
      const url = text(d['bundle_url']) ?? text(d['url']) ?? text(d['download_url']);
      if (url === null || !/^https?:\/\//i.test(url))
        throw new VideoDbError(
          'bad-response',
          'VideoDB finished the export but sent no link to it.',
        );
      return { state, bundleUrl: url, fidelity: parseFidelity(d['fidelity']) };
    },
  };
}
