/** The parts of an Electron frame the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly processId: number;
  readonly frameToken: string;
}

/** The parts of an IPC event the sender check reads. */
export interface SenderEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

/** The parts of our window's webContents the sender check reads. */
export interface OwnContentsLike {
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
}

/**
 * `scheme://host[:port]` of a URL, or null when it cannot be parsed. Written out instead of using
 * `URL.origin` because that is the opaque `"null"` for non-special schemes such as `app:`.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host === '') return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/**
 * True only for a message from the top frame of our own window whose page is on one of our
 * origins (`app://app` in production, the dev server in development). Subframes, other windows,
 * other webContents and pages that navigated elsewhere are refused.
 */
export function isTrustedSender(
  event: SenderEventLike,
  contents: OwnContentsLike | null,
  allowedOrigins: readonly string[],
): boolean {
  if (contents === null || contents.isDestroyed()) return false;
  if (event.sender !== contents) return false;
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return false;
  const main = contents.mainFrame;
  if (
    frame !== main &&
    (frame.processId !== main.processId || frame.frameToken !== main.frameToken)
  ) {
    return false;
  }
  const origin = originOf(frame.url);
  return origin !== null && allowedOrigins.includes(origin);
}
