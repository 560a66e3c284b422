/**
 * A short list of earlier groups of clips to open again (prompts asked across videos, a video's
 * comparisons): the prompt as a button, and how the group stands.
 */
import { useId } from 'react';

/** One earlier group. */
export interface GroupListItem {
  id: string;
  prompt: string;
  /** "3 of 3 videos answered", "5 of 5 runs answered, 1 failed". */
  state: string;
}

/** A titled list of groups; nothing when there are none. */
export function GroupList({
  title,
  items,
  limit,
  onOpen,
}: {
  title: string;
  items: readonly GroupListItem[] | null | undefined;
  limit: number;
  onOpen: (id: string) => void;
}) {
  const headingId = useId();
  if (!items || items.length === 0) return null;
  return (
    <section className="detail__section" aria-labelledby={headingId}>
      <h3 id={headingId} className="section-title">
        {title}
      </h3>
      <ul className="plain-list multiclip__children">
        {items.slice(0, limit).map((g) => (
          <li key={g.id} className="multiclip__child">
            <button
              type="button"
              className="link-button multiclip__child-name"
              onClick={() => onOpen(g.id)}
            >
              “{g.prompt}”
            </button>
            <span className="multiclip__child-state">{g.state}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
