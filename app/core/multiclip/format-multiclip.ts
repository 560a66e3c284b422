/**
 * Clipboard text for a multi-clip's answer: its reel's player link, a Markdown list of the ranked
 * moments (video, time range, score, text, and the reel), JSON, or CSV (one row per moment, with
 * the spreadsheet-safe quoting the clip exports use).
 */
import type { MultiClipDetail } from '../../shared/domain';
import { formatTimestamp } from '../../shared/time-format';
import { CoreError } from '../errors';
import { csvField } from '../export';
import { playerLinkFor } from '../videodb';

/** What a multi-clip copies as. */
export type MultiClipCopyFormat = 'reel-link' | 'markdown' | 'json' | 'csv';

function reelLink(m: MultiClipDetail): string | null {
  if (m.reel === null) return null;
  return m.reel.playerUrl ?? playerLinkFor(m.reel.streamUrl);
}

/** The text to copy; throws 'validation' when there is nothing of that kind yet. */
export function formatMultiClip(m: MultiClipDetail, format: MultiClipCopyFormat): string {
  const range = (s: { start: number; end: number }) =>
    `${formatTimestamp(s.start)}–${formatTimestamp(s.end)}`;
  const score = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
  switch (format) {
    case 'reel-link': {
      const link = reelLink(m);
      if (link === null)
        throw new CoreError('validation', 'Make the reel first, then copy its link.');
      return link;
    }
    case 'markdown': {
      if (m.segments.length === 0)
        throw new CoreError('validation', 'No video has answered with a moment yet.');
      const lines = [
        `## “${m.prompt}” across ${m.counts.total} ${m.counts.total === 1 ? 'video' : 'videos'}`,
        '',
      ];
      const link = reelLink(m);
      if (link !== null) lines.push(`[Reel of the top ${m.reel!.topN}](${link})`, '');
      m.segments.forEach((s, i) => {
        const text = s.text.replace(/\s+/g, ' ').trim();
        lines.push(
          `${i + 1}. **${s.videoName}** ${range(s)} (${score(s.score)})${text === '' ? '' : ` — ${text}`}`,
        );
      });
      return `${lines.join('\n')}\n`;
    }
    case 'json':
      return `${JSON.stringify(
        {
          prompt: m.prompt,
          videos: m.counts.total,
          answered: m.counts.answered,
          reel:
            m.reel === null
              ? null
              : { link: reelLink(m), stream: m.reel.streamUrl, top: m.reel.topN },
          moments: m.segments.map((s) => ({
            videoId: s.videoId,
            video: s.videoName,
            start: s.start,
            end: s.end,
            score: s.score,
            text: s.text,
          })),
        },
        null,
        2,
      )}\n`;
    case 'csv': {
      const rows = [['rank', 'video', 'video_id', 'start', 'end', 'score', 'text'].join(',')];
      m.segments.forEach((s, i) =>
        rows.push(
          [i + 1, s.videoName, s.videoId, s.start, s.end, s.score ?? '', s.text]
            .map((v) => csvField(v))
            .join(','),
        ),
      );
      return `${rows.join('\r\n')}\r\n`;
    }
  }
}
