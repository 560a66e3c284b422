/**
 * The small rows the store's tests write by hand: a clip request for the sample video and a
 * segment. One place, so the tests of the store agree on what a plain clip looks like.
 */
import type { ClipRequest, Segment } from '../../app/shared/domain';

/** A spoken, basic-model request of `prompt` for video `videoId` of collection c-1. */
export const clipRequest = (prompt: string, videoId = 'm-1'): ClipRequest => ({
  videoId,
  collectionId: 'c-1',
  prompt,
  contentType: 'spoken',
  modelName: 'basic',
});

/** A one-second segment saying `text`, starting at `start`. */
export const segment = (text: string, start = 0): Segment => ({
  start,
  end: start + 1,
  text,
  score: 1,
  streamUrl: null,
});
