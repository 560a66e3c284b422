/**
 * Which web permissions the page gets. Everything is denied except element fullscreen (the video
 * player's fullscreen button goes through the permission handlers), and that only for our own
 * page: `app://app`, or the dev server in development. Pure: main-process.ts wires it into
 * `session.setPermissionRequestHandler` and `setPermissionCheckHandler`.
 */
import { originOf } from '../ipc/trusted-sender';

/** Permissions our own page may use. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['fullscreen']);

/**
 * True when `permission` is allowed for a frame at `requestingUrl` (a page URL or an origin).
 * Unknown, missing or foreign origins are refused.
 */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string | undefined,
  allowedOrigins: readonly string[],
): boolean {
  if (!ALLOWED_PERMISSIONS.has(permission) || requestingUrl === undefined) return false;
  const origin = originOf(requestingUrl);
  return origin !== null && allowedOrigins.includes(origin);
}
