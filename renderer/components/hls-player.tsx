/**
 * In-app player for HLS streams: hls.js over Media Source Extensions, the browser's own HLS where
 * it has one (Safari), and a plain message where neither exists.
 */
import { useEffect, useRef, useState } from 'react';
import { playerRequestUrl } from '../lib/media-relay';

/** hls.js is most of the page's JavaScript: load it the first time a player opens. */
const loadHls = () => import('hls.js').then((m) => m.default);

/** Props of {@link HlsPlayer}. */
export interface HlsPlayerProps {
  src: string;
  /** Accessible name of the video. */
  label: string;
  /** Seconds to start at ("play in context"). */
  startAt?: number;
  autoPlay?: boolean;
}

/** The player. */
export function HlsPlayer({ src, label, startAt = 0, autoPlay = false }: HlsPlayerProps) {
  const ref = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const video = ref.current;
    if (video === null) return;
    setProblem(null);
    const seek = () => {
      if (startAt > 0) video.currentTime = startAt;
      if (autoPlay) void video.play().catch(() => undefined);
    };
    let cancelled = false;
    let cleanup: (() => void) | undefined;
    const playNatively = () => {
      if (
        typeof video.canPlayType === 'function' &&
        video.canPlayType('application/vnd.apple.mpegurl') !== ''
      ) {
        video.src = playerRequestUrl(src);
        video.addEventListener('loadedmetadata', seek, { once: true });
        cleanup = () => {
          video.removeEventListener('loadedmetadata', seek);
          video.removeAttribute('src');
        };
        return;
      }
      setProblem('This window cannot play video streams. Copy the link to open it elsewhere.');
    };
    loadHls().then(
      (Hls) => {
        if (cancelled) return;
        if (!Hls.isSupported()) return playNatively();
        // No worker: the page's CSP allows scripts from 'self' only, not blob: workers.
        const hls = new Hls({
          enableWorker: false,
          startPosition: startAt > 0 ? startAt : -1,
          // Every playlist and segment through the page's own media relay (the CSP allows
          // nothing else); opening the request here is hls.js's documented way to change its URL.
          xhrSetup: (xhr, url) => xhr.open('GET', playerRequestUrl(url), true),
        });
        hls.on(Hls.Events.ERROR, (_e, data) => {
          if (data.fatal)
            setProblem('This clip could not be played. Copy its link to open it elsewhere.');
        });
        hls.on(Hls.Events.MANIFEST_PARSED, () => {
          if (autoPlay) void video.play().catch(() => undefined);
        });
        hls.loadSource(src);
        hls.attachMedia(video);
        cleanup = () => hls.destroy();
      },
      () => {
        if (!cancelled) playNatively();
      },
    );
    return () => {
      cancelled = true;
      cleanup?.();
    };
  }, [src, startAt, autoPlay]);

  return (
    <div className="player">
      <video ref={ref} className="player__video" controls playsInline aria-label={label} />
      {problem !== null && (
        <p className="player__problem" role="note">
          {problem}
        </p>
      )}
    </div>
  );
}
