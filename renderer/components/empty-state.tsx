/** Empty states that tell the user what to do next, and skeleton blocks for loading content. */
import type { ReactNode } from 'react';

/** A centred message with an optional action. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {children !== undefined && <p className="empty-state__text">{children}</p>}
      {action}
    </div>
  );
}

/** A grey placeholder of the shape of what is loading. */
export function Skeleton({ className = '' }: { className?: string }) {
  return <span className={`skeleton ${className}`} aria-hidden="true" />;
}
