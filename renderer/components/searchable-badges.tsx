/** "Searchable by speech" / "by scenes" badges of a video. */
import type { Video } from '../../app/shared/domain';

/** The badges; nothing for unknown states. */
export function SearchableBadges({ video }: { video: Video }) {
  return (
    <span className="badges">
      {video.searchableBySpeech === true && (
        <span className="badge badge--speech">Searchable by speech</span>
      )}{' '}
      {video.searchableByScenes === true && <span className="badge badge--scenes">by scenes</span>}
      {video.searchableBySpeech === false && video.searchableByScenes === false && (
        <span className="badge badge--muted">Not searchable yet</span>
      )}
    </span>
  );
}
