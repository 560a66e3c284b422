import { describe, expect, it } from 'vitest';
import {
  deepLinkInArgv,
  deepLinkUrl,
  parseDeepLink,
  type DeepLink,
} from '../../app/shared/deep-link';

// Issue 10 §3: deep links come from anywhere (a web page, a document, another app's argv), so only
// the two exact forms with ids the contract accepts are followed.

describe('deep links', () => {
  it('reads the two forms, case-insensitive in scheme and kind, one trailing slash allowed', () => {
    expect(parseDeepLink('videodb-clips://job/3f2a-91_b')).toEqual({
      kind: 'job',
      id: '3f2a-91_b',
    });
    expect(parseDeepLink('VideoDB-Clips://JOB/abc/')).toEqual({ kind: 'job', id: 'abc' });
    expect(parseDeepLink('videodb-clips://video/c-123/m-456')).toEqual({
      kind: 'video',
      collectionId: 'c-123',
      videoId: 'm-456',
    });
    expect(parseDeepLink(' videodb-clips://video/default/m-1 ')).toEqual({
      kind: 'video',
      collectionId: 'default',
      videoId: 'm-1',
    });
  });

  it.each([
    ['another scheme', 'https://job/abc'],
    ['no id', 'videodb-clips://job/'],
    ['a path that folds', 'videodb-clips://job/..'],
    ['a dot', 'videodb-clips://video/./m-1'],
    ['an escaped slash', 'videodb-clips://job/a%2Fb'],
    ['a broken escape', 'videodb-clips://job/%E0%A4%A'],
    ['a query', 'videodb-clips://job/abc?x=1'],
    ['a fragment', 'videodb-clips://job/abc#x'],
    ['too many parts', 'videodb-clips://job/abc/def'],
    ['too few parts', 'videodb-clips://video/c-1'],
    ['an unknown kind', 'videodb-clips://settings/abc'],
    ['credentials', 'videodb-clips://user:pw@job/abc'],
    ['a script', 'videodb-clips://job/<script>'],
    ['very long', `videodb-clips://job/${'a'.repeat(3000)}`],
    ['not text', 42],
  ])('ignores %s', (_name, text) => {
    expect(parseDeepLink(text)).toBeNull();
  });

  it('writes links that read back as themselves', () => {
    const links: DeepLink[] = [
      { kind: 'job', id: '0190c5f2-7a1b-7c3d-8e4f-123456789abc' },
      { kind: 'video', collectionId: 'c-9', videoId: 'm-z-0190c5f2' },
    ];
    for (const l of links) expect(parseDeepLink(deepLinkUrl(l))).toEqual(l);
    expect(deepLinkUrl(links[0]!)).toBe('videodb-clips://job/0190c5f2-7a1b-7c3d-8e4f-123456789abc');
  });

  it('finds the link among a launch’s arguments (Windows and Linux), the last one winning', () => {
    expect(deepLinkInArgv(['/opt/VideoDB Clips/clips', '--no-sandbox'])).toBeNull();
    expect(deepLinkInArgv(['C:\\Clips\\clips.exe', '--flag', 'videodb-clips://job/abc'])).toEqual({
      kind: 'job',
      id: 'abc',
    });
    expect(
      deepLinkInArgv(['clips', 'videodb-clips://job/abc', 'videodb-clips://video/c-1/m-2']),
    ).toEqual({ kind: 'video', collectionId: 'c-1', videoId: 'm-2' });
    expect(deepLinkInArgv(['clips', 'videodb-clips://job/..'])).toBeNull();
  });
});
