/** Small helpers the endpoint files share. */
/** Does an answer's data describe a job (it has an `output_url`)? */
export const isJob = (data: unknown): boolean =>
  !!data &&
  typeof data === 'object' &&
  'output_url' in data &&
  typeof (data as { output_url: unknown }).output_url === 'string';

/** Calls back with every stream link an answer names, never letting a listener fail the call. */
export type MediaNote = (...urls: Array<string | null | undefined>) => void;

/** A {@link MediaNote} over the client's `onMediaUrl` option. */
export function mediaNote(onMediaUrl: ((url: string) => void) | undefined): MediaNote {
  return (...urls) => {
    if (onMediaUrl === undefined) return;
    for (const url of urls) {
      if (typeof url !== 'string') continue;
      try {
        onMediaUrl(url);
      } catch {
        // Learning a host never changes what the call answers.
      }
    }
  };
}
