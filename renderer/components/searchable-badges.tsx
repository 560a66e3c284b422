/** "Searchable by speech" / "by scenes" badges of a video. */
import type { Video } from '../../app/shared/domain';
import { searchableNow } from '../store/library-slice';
import { useApp } from '../store/store-context';

/** The badges; nothing for unknown states. A finished "make searchable" counts at once. */
export function SearchableBadges({ video }: { video: Video }) {
  const tasks = useApp((s) => s.indexing[video.id]);
  const { speech, scenes } = searchableNow(video, tasks);
  return (
    <span className="badges">
      {speech === true && <span className="badge badge--speech">Searchable by speech</span>}{' '}
      {scenes === true && <span className="badge badge--scenes">by scenes</span>}
      {speech === false && scenes === false && (
        <span className="badge badge--muted">Not searchable yet</span>
      )}
    </span>
  );
}
