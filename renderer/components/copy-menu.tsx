/**
 * "Copy link" with a small menu of other formats. The main button copies the player link (a bare
 * stream link does not play in most browsers); the menu offers stream link, Markdown, JSON, CSV,
 * and, under "For editors", timelines, subtitles and chapters built from the clip's segments
 * (several clips make one reel, in the order chosen). A single done clip's menu ends with
 * "Save as MP4…".
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { ExportFormat } from '../../app/shared/domain';
import { useApp } from '../store/store-context';

const ITEMS: Array<{ format: ExportFormat; label: string }> = [
  { format: 'player-link', label: 'Player link' },
  { format: 'stream-link', label: 'Stream link (.m3u8)' },
  { format: 'markdown', label: 'Markdown list with timestamps' },
  { format: 'json', label: 'JSON' },
  { format: 'csv', label: 'CSV' },
  { format: 'app-link', label: 'App link (opens here)' },
];

/** VideoDB's stream and player links stop working about this long after they were minted. */
const LINK_LIFETIME_MS = 24 * 60 * 60_000;

/** The frame rate of the editor timelines (core's default; the source's own rate is not known). */
const EDITOR_FPS = 25;

const EDITOR_ITEMS: Array<{ format: ExportFormat; label: string }> = [
  { format: 'fcpxml', label: 'Final Cut Pro / DaVinci Resolve (FCPXML)' },
  { format: 'xmeml', label: 'Premiere Pro (XML)' },
  { format: 'edl', label: 'Edit decision list (EDL)' },
  { format: 'otio', label: 'OpenTimelineIO' },
  { format: 'srt', label: 'Subtitles (SRT)' },
  { format: 'vtt', label: 'Subtitles (WebVTT)' },
  { format: 'youtube-chapters', label: 'YouTube chapters' },
];

/**
 * The split button; `disabledReason` disables it and says why next to it; `onSaveMp4` adds
 * "Save as MP4…" at the end of the menu.
 */
export function CopyMenu({
  jobIds,
  disabledReason = null,
  onSaveMp4,
  onEditorBundle,
}: {
  jobIds: string[];
  disabledReason?: string | null;
  onSaveMp4?: (() => void) | undefined;
  /** Adds "Editor bundle from VideoDB" (VideoDB's own export job; online only). */
  onEditorBundle?: (() => void) | undefined;
}) {
  const copy = useApp((s) => s.copy);
  const online = useApp((s) => s.connectivity?.online ?? true);
  // Offline the app cannot mint old links again: say so before one is copied (issue 11 §1).
  const oldLinks = useApp((s) => {
    if (online) return false;
    const now = Date.now();
    return jobIds.some((id) => {
      const j = s.jobsById[id];
      const minted = j?.linksMintedAt ?? j?.finishedAt ?? null;
      return j?.clipStreamUrl != null && minted !== null && now - minted > LINK_LIFETIME_MS;
    });
  });
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const reasonId = useId();
  const noteId = useId();
  const disabled = disabledReason !== null;
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const label = jobIds.length > 1 ? `Copy ${jobIds.length} links` : 'Copy link';

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const close = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && e.target !== buttonRef.current)
        setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const choose = (format: ExportFormat) => {
    setOpen(false);
    buttonRef.current?.focus();
    void copy(jobIds, format);
  };

  const onMenuKey = (e: React.KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      items[next]?.focus();
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <span className="split-button">
      <button
        type="button"
        className="button split-button__main"
        disabled={disabled}
        aria-describedby={disabled ? reasonId : undefined}
        onClick={() => void copy(jobIds)}
      >
        {label}
      </button>
      <button
        ref={buttonRef}
        type="button"
        className="button split-button__more"
        aria-label="More ways to copy"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
      >
        ▾
      </button>
      {open && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          className="menu"
          aria-label="Copy as"
          aria-describedby={oldLinks ? noteId : undefined}
          onKeyDown={onMenuKey}
        >
          {oldLinks && (
            <p id={noteId} className="menu__note">
              You are offline, so links older than a day cannot be renewed and may no longer open.
              The app link, and the timestamps in Markdown, JSON or CSV, keep working.
            </p>
          )}
          {ITEMS.map((item) => (
            <button
              key={item.format}
              type="button"
              role="menuitem"
              className="menu__item"
              tabIndex={-1}
              onClick={() => choose(item.format)}
            >
              {item.label}
            </button>
          ))}
          <div role="group" aria-label="For editors" className="menu__group">
            <div className="menu__heading" aria-hidden="true">
              For editors, {EDITOR_FPS} fps
            </div>
            {EDITOR_ITEMS.map((item) => (
              <button
                key={item.format}
                type="button"
                role="menuitem"
                className="menu__item"
                tabIndex={-1}
                onClick={() => choose(item.format)}
              >
                {item.label}
              </button>
            ))}
            {onEditorBundle && (
              <button
                type="button"
                role="menuitem"
                className="menu__item"
                tabIndex={-1}
                aria-disabled={!online}
                title={online ? undefined : 'Needs the network'}
                onClick={() => {
                  if (!online) return;
                  setOpen(false);
                  buttonRef.current?.focus();
                  onEditorBundle();
                }}
              >
                Editor bundle from VideoDB{online ? '' : ' (needs the network)'}
              </button>
            )}
          </div>
          {onSaveMp4 && (
            <div role="group" aria-label="Save" className="menu__group">
              <button
                type="button"
                role="menuitem"
                className="menu__item"
                tabIndex={-1}
                onClick={() => {
                  setOpen(false);
                  buttonRef.current?.focus();
                  onSaveMp4();
                }}
              >
                Save as MP4…
              </button>
            </div>
          )}
        </div>
      )}
      {disabled && (
        <span id={reasonId} className="split-button__reason">
          {disabledReason}
        </span>
      )}
    </span>
  );
}
