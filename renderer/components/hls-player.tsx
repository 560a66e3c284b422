/**
 * In-app player for HLS streams: hls.js over Media Source Extensions, the browser's own HLS where
 * it has one (Safari), and a plain message where neither exists.
 */
import Hls from 'hls.js';
import { useEffect, useRef, useState } from 'react';

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
    if (Hls.isSupported()) {
      // No worker: the page's CSP allows scripts from 'self' only, not blob: workers.
      const hls = new Hls({ enableWorker: false, startPosition: startAt > 0 ? startAt : -1 });
      hls.on(Hls.Events.ERROR, (_e, data) => {
        if (data.fatal)
          setProblem('This clip could not be played. Copy its link to open it elsewhere.');
      });
      hls.on(Hls.Events.MANIFEST_PARSED, () => {
        if (autoPlay) void video.play().catch(() => undefined);
      });
      hls.loadSource(src);
      hls.attachMedia(video);
      return () => hls.destroy();
    }
    if (
      typeof video.canPlayType === 'function' &&
      video.canPlayType('application/vnd.apple.mpegurl') !== ''
    ) {
      video.src = src;
      video.addEventListener('loadedmetadata', seek, { once: true });
      return () => {
        video.removeEventListener('loadedmetadata', seek);
        video.removeAttribute('src');
      };
    }
    setProblem('This window cannot play video streams. Copy the link to open it elsewhere.');
    return undefined;
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
