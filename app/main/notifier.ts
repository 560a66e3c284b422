import type { Notifier } from '../core/types';

/** The parts of Electron's Notification class used here. */
export interface NotificationClass {
  isSupported(): boolean;
  new (options: { title: string; body: string; silent?: boolean }): {
    on(event: 'click', listener: () => void): unknown;
    show(): void;
  };
}

/**
 * System notifications for finished or failed clips. Clicking one focuses the window and tells
 * the renderer which job to show. Notification objects are kept until clicked or replaced, or the
 * OS may garbage-collect the click handler away.
 */
export function createNotifier(
  Notification: NotificationClass,
  onClick: (jobId: string) => void,
  /** True while the focused window already shows this job: the notification would only repeat it. */
  isShowing: (jobId: string) => boolean = () => false,
): Notifier {
  const live = new Map<string, InstanceType<NotificationClass>>();
  return {
    notify({ title, body, jobId }) {
      if (!Notification.isSupported() || isShowing(jobId)) return;
      const n = new Notification({ title, body });
      n.on('click', () => {
        live.delete(jobId);
        onClick(jobId);
      });
      live.set(jobId, n);
      // Bounded: only the latest few matter.
      if (live.size > 20) live.delete(live.keys().next().value as string);
      n.show();
    },
  };
}
