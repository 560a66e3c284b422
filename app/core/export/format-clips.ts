/**
 * Clipboard text for one or many clips, built from stored data only (so it works offline):
 * player links, stream links, a Markdown list, JSON, or CSV (RFC 4180, one row per segment).
 */
import { formatTimestamp } from '../../shared/time-format';
import { deepLinkUrl } from '../../shared/deep-link';
import type { ExportFormat, Job } from '../../shared/domain';
import { CoreError } from '../errors';
import { playerLinkFor } from '../videodb';
import { toYoutubeChapters } from './chapters';
import { toEdl, toFcpxml, toOtio, toXmeml } from './nle';
import { toSrt, toVtt } from './subtitles';
import { buildReel, hasTimelineMedia, type EditorExportOptions } from './timeline';

export { formatTimestamp };

/** The link to share for a clip: the player page (a bare .m3u8 does not play in browsers). */
export function playerLinkOf(job: Job): string | null {
  if (job.clipPlayerUrl) return job.clipPlayerUrl;
  if (job.clipStreamUrl) return playerLinkFor(job.clipStreamUrl);
  return null;
}

/**
 * Quote a CSV field when it needs it (RFC 4180). Text that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or carriage return: OWASP's CSV injection rule) is prefixed with
 * a single quote and quoted, so a prompt like `=HYPERLINK(…)` stays text. Numbers are left as
 * they are (a negative number is a number, not a formula).
 */
export function csvField(value: string | number | null | undefined): string {
  if (typeof value === 'number') return String(value);
  let s = value === null || value === undefined ? '' : value;
  const formula = /^[=+\-@\t\r]/.test(s);
  if (formula) s = `'${s}`;
  return formula || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const NOT_READY = 'This clip is not ready yet.';

/**
 * True when `job` has what `format` needs: the link (a clip with no matching segment has none);
 * for editor timelines, segments and media to refer to; for subtitles and chapters, segments.
 */
export function hasLinkFor(
  job: Job,
  format: ExportFormat,
  options: EditorExportOptions = {},
): boolean {
  switch (format) {
    case 'stream-link':
      return Boolean(job.clipStreamUrl);
    case 'fcpxml':
    case 'xmeml':
    case 'edl':
    case 'otio':
      return hasTimelineMedia(job, options);
    case 'srt':
    case 'vtt':
    case 'youtube-chapters':
      return job.status === 'done' && job.segments.length > 0;
    case 'app-link':
      return true;
    default:
      return playerLinkOf(job) !== null;
  }
}

function requireLink(job: Job, link: string | null): string {
  if (!link) throw new CoreError('validation', NOT_READY);
  return link;
}

/**
 * Build the clipboard text for `jobs` in `format`. Throws 'validation' if a link is missing. The
 * editor formats lay the clips' segments end to end in the order given (timeline.ts); `options`
 * gives their frame rate and the downloaded MP4 of a clip, if any.
 */
export function formatClips(
  jobs: readonly Job[],
  format: ExportFormat,
  options: EditorExportOptions = {},
): string {
  switch (format) {
    case 'fcpxml':
      return toFcpxml(buildReel(jobs, options));
    case 'xmeml':
      return toXmeml(buildReel(jobs, options));
    case 'edl':
      return toEdl(buildReel(jobs, options));
    case 'otio':
      return toOtio(buildReel(jobs, options));
    // Subtitles and chapters need no media: their times are on the reel.
    case 'srt':
      return toSrt(buildReel(jobs, options, false));
    case 'vtt':
      return toVtt(buildReel(jobs, options, false));
    case 'youtube-chapters':
      return toYoutubeChapters(buildReel(jobs, options, false));
    case 'player-link':
      return jobs.map((j) => requireLink(j, playerLinkOf(j))).join('\n');
    // The app's own link never expires and needs no network: any clip has one.
    case 'app-link':
      return jobs.map((j) => deepLinkUrl({ kind: 'job', id: j.id })).join('\n');
    case 'stream-link':
      return jobs.map((j) => requireLink(j, j.clipStreamUrl)).join('\n');
    case 'markdown':
      return jobs
        .map((j) => {
          const link = requireLink(j, playerLinkOf(j));
          const title = `${j.request.prompt} — ${j.videoName}`.replace(/([[\]])/g, '\\$1');
          const lines = [`- [${title}](${link})`];
          for (const s of j.segments) {
            const text = s.text.replace(/\s+/g, ' ').trim();
            lines.push(
              `  - ${formatTimestamp(s.start)}–${formatTimestamp(s.end)}${text ? ` ${text}` : ''}`,
            );
          }
          return lines.join('\n');
        })
        .join('\n');
    case 'json':
      for (const j of jobs) requireLink(j, playerLinkOf(j));
      return JSON.stringify(
        jobs.map((j) => ({
          id: j.id,
          prompt: j.request.prompt,
          videoId: j.request.videoId,
          collectionId: j.request.collectionId,
          videoName: j.videoName,
          contentType: j.request.contentType,
          playerUrl: playerLinkOf(j),
          streamUrl: j.clipStreamUrl,
          sourceStreamUrl: j.sourceStreamUrl,
          createdAt: new Date(j.createdAt).toISOString(),
          segments: j.segments.map((s) => ({
            // A result may span several videos: each segment names its own.
            videoId: s.videoId ?? j.request.videoId,
            start: s.start,
            end: s.end,
            text: s.text,
            score: s.score,
            streamUrl: s.streamUrl,
          })),
        })),
        null,
        2,
      );
    case 'csv': {
      const header = [
        'job_id',
        'prompt',
        'video_id',
        'video_name',
        'clip_player_url',
        'clip_stream_url',
        'segment',
        'start',
        'end',
        'start_time',
        'end_time',
        'score',
        'text',
        'segment_stream_url',
      ];
      const rows = [header.join(',')];
      for (const j of jobs) {
        const link = requireLink(j, playerLinkOf(j));
        j.segments.forEach((s, i) =>
          rows.push(
            [
              j.id,
              j.request.prompt,
              s.videoId ?? j.request.videoId,
              j.videoName,
              link,
              j.clipStreamUrl,
              i + 1,
              s.start,
              s.end,
              formatTimestamp(s.start),
              formatTimestamp(s.end),
              s.score,
              s.text,
              s.streamUrl,
            ]
              .map(csvField)
              .join(','),
          ),
        );
      }
      return rows.join('\r\n') + '\r\n';
    }
  }
}
