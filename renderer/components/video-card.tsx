/** One video in the grid or the list: thumbnail, name, length, searchable badges. */
import { memo, useEffect, useState } from 'react';
import type { Video } from '../../app/shared/domain';
import { formatDuration } from '../lib/format';
import { SearchableBadges } from './searchable-badges';

/** Props of {@link VideoCard}. */
export interface VideoCardProps {
  video: Video;
  index: number;
  layout: 'grid' | 'list';
  selected: boolean;
  /** Picked for a prompt across videos (Ctrl/Cmd-click, Shift-click, X). */
  picked?: boolean;
  onSelect: (id: string, e: React.MouseEvent) => void;
  /**
   * The list is being flung: a card that comes into view now leaves its thumbnail out until the
   * scroll slows (one that already shows it keeps it), so each frame stays cheap to draw.
   */
  lite?: boolean;
}

/**
 * The card (a button: Enter or click opens the video). The name comes first in the markup so it
 * starts the accessible name; CSS puts the thumbnail above it.
 */
export const VideoCard = memo(function VideoCard({
  video,
  index,
  layout,
  selected,
  picked = false,
  onSelect,
  lite = false,
}: VideoCardProps) {
  const [thumbShown, setThumbShown] = useState(!lite);
  useEffect(() => {
    if (!lite) setThumbShown(true);
  }, [lite]);
  return (
    <button
      type="button"
      className={`video-card video-card--${layout}${selected ? ' is-selected' : ''}${picked ? ' is-picked' : ''}`}
      aria-current={selected ? 'true' : undefined}
      aria-pressed={picked ? 'true' : undefined}
      data-index={index}
      onClick={(e) => onSelect(video.id, e)}
    >
      {picked && (
        <span className="video-card__pick" aria-hidden="true">
          ✓
        </span>
      )}
      <span className="video-card__body">
        <span className="video-card__name" title={video.name}>
          {video.name}
        </span>{' '}
        <SearchableBadges video={video} />
      </span>{' '}
      <span className="video-card__thumb">
        {video.thumbnailUrl !== null && thumbShown && (
          <img src={video.thumbnailUrl} alt="" loading="lazy" decoding="async" draggable={false} />
        )}
        {video.thumbnailUrl === null && (
          <span className="video-card__no-thumb" aria-hidden="true">
            ▶
          </span>
        )}
        <span className="video-card__length">{formatDuration(video.length)}</span>
      </span>
    </button>
  );
});

/** A placeholder card while its page loads. */
export function VideoCardSkeleton({ layout }: { layout: 'grid' | 'list' }) {
  return (
    <div className={`video-card video-card--${layout} video-card--skeleton`} aria-hidden="true">
      <span className="video-card__thumb skeleton" />
      <span className="video-card__body">
        <span className="skeleton skeleton--line" />
        <span className="skeleton skeleton--line skeleton--short" />
      </span>
    </div>
  );
}
