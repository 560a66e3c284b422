/** "Searchable by speech" / "by scenes" badges of a video. */
import type { Video } from '../../app/shared/domain';
import { searchableNow } from '../store/library-slice';
import { useApp } from '../store/store-context';

/**
 * The badges. Every video gets one answer, so a grid looks the same before and after its videos
 * are opened: what it is searchable by, "Not searchable yet" when both are known to be missing,
 * and a quiet "Not checked yet" while that is not known (the list does not say; opening a video
 * finds out). A finished "make searchable" counts at once.
 */
export function SearchableBadges({ video }: { video: Video }) {
  const tasks = useApp((s) => s.indexing[video.id]);
  const { speech, scenes } = searchableNow(video, tasks);
  return (
    <span className="badges">
      {speech === true && <span className="badge badge--speech">Searchable by speech</span>}{' '}
      {scenes === true && (
        <span className="badge badge--scenes">
          {speech === true ? 'by scenes' : 'Searchable by scenes'}
        </span>
      )}
      {speech === false && scenes === false && (
        <span className="badge badge--muted">Not searchable yet</span>
      )}
      {speech !== true && scenes !== true && (speech === null || scenes === null) && (
        <span
          className="badge badge--unknown"
          title="Open the video to find out how it can be searched"
        >
          Not checked yet
        </span>
      )}
    </span>
  );
}
