import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join, relative, isAbsolute } from 'node:path';
import { safeRelativeSegments } from '../../app/shared/safe-path';
import { buildCsp } from '../../app/shared/csp';
import { resolveInside } from '../../app/main/security/app-protocol';
import { linkNeedsConfirmation, safeExternalUrl } from '../../app/main/security/external-url';
import { isTrustedSender, originOf } from '../../app/main/ipc/trusted-sender';
import { createEventRelay } from '../../app/main/ipc/event-relay';
import {
  DEFAULT_BOUNDS,
  fitToDisplays,
  parseWindowState,
} from '../../app/main/window/window-state';
import { hardenedWebPreferences, mainWindowOptions } from '../../app/main/window/window-options';

const ROOT = '/srv/renderer';

describe('request paths', () => {
  it('never resolve outside the folder, whatever the input (property)', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '%2E%2e',
        '..%2f',
        '%2f',
        '%5c',
        '..\\',
        '%252e%252e',
        '%00',
        'C:',
        '~',
        '',
      ),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
        const pathname = `/${parts.join('/')}`;
        const resolved = resolveInside(ROOT, pathname);
        if (resolved === null) return;
        const rel = relative(ROOT, resolved);
        expect(rel.startsWith('..')).toBe(false);
        expect(isAbsolute(rel)).toBe(false);
        expect(rel.split(/[\\/]/)).not.toContain('..');
      }),
      { numRuns: 2000 },
    );
  });

  it('keep ordinary asset paths and map / to index.html', () => {
    expect(safeRelativeSegments('/')).toEqual(['index.html']);
    expect(safeRelativeSegments('/assets/index-C9wc7HNb.js')).toEqual([
      'assets',
      'index-C9wc7HNb.js',
    ]);
    expect(resolveInside(ROOT, '/assets/a%20b.css')).toBe(join(ROOT, 'assets', 'a b.css'));
    for (const bad of [
      '/../x',
      '/%2e%2e/x',
      '/a/..%2fx',
      '/a%5c..%5cx',
      '/%252e%252e/x',
      '/%E0%A4%A',
      'x',
    ]) {
      expect(safeRelativeSegments(bad), bad).toBeNull();
    }
  });
});

describe('external links', () => {
  it('only https without credentials', () => {
    expect(safeExternalUrl('https://docs.videodb.io/a?b=c#d')).toBe(
      'https://docs.videodb.io/a?b=c#d',
    );
    for (const bad of [
      'http://videodb.io',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'app://app/index.html',
      'https://user:pw@videodb.io',
      'HTTPS//no-colon',
      ' ',
      42,
      `https://x.io/${'a'.repeat(5000)}`,
    ]) {
      expect(safeExternalUrl(bad), String(bad).slice(0, 40)).toBeNull();
    }
  });
});

describe('CSP', () => {
  it('starts from default-src none and never allows eval; inline only when asked (dev)', () => {
    const csp = buildCsp();
    expect(csp.split('; ')[0]).toBe("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    // Streams come through the page's own /media-relay/ (issue 9): no host of the page's choosing.
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("media-src 'self' blob:;");
    // Only the development server (no relay behind Vite) lets the page fetch streams itself.
    expect(buildCsp({ directMedia: true })).toContain(
      "connect-src 'self' https: http://127.0.0.1:*",
    );
    expect(buildCsp({ allowInline: true })).toContain("script-src 'self' 'unsafe-inline'");
    expect(buildCsp({ extraConnect: ['ws://127.0.0.1:5'] })).toContain('ws://127.0.0.1:5');
  });
});

describe('sender check', () => {
  const frame = (url: string, parent: any = null, token = 't') => ({
    url,
    parent,
    processId: 1,
    frameToken: token,
  });
  const contents = { mainFrame: frame('app://app/index.html'), isDestroyed: () => false };

  it('accepts only our top frame on an allowed origin', () => {
    const ok = { sender: contents, senderFrame: contents.mainFrame };
    expect(isTrustedSender(ok, contents, ['app://app'])).toBe(true);
    expect(isTrustedSender(ok, contents, ['http://localhost:5173'])).toBe(false);
    expect(isTrustedSender(ok, null, ['app://app'])).toBe(false);
    expect(isTrustedSender(ok, { ...contents, isDestroyed: () => true }, ['app://app'])).toBe(
      false,
    );
    expect(originOf('app://app/x')).toBe('app://app');
    expect(originOf('http://localhost:5173/a')).toBe('http://localhost:5173');
    expect(originOf('about:blank')).toBeNull();
  });
});

describe('event relay', () => {
  it('keeps order, drops the oldest past the bound, and keeps events while nobody listens', () => {
    const sent: unknown[] = [];
    let online = true;
    const relay = createEventRelay(
      (m) => {
        if (!online) return false;
        sent.push(m.payload);
        return true;
      },
      { maxQueued: 3 },
    );
    for (const n of [1, 2, 3, 4]) relay.push('jobs:removed', n);
    relay.ready();
    expect(sent).toEqual([2, 3, 4]);
    online = false;
    relay.push('jobs:removed', 5);
    expect(sent).toEqual([2, 3, 4]); // 5 is kept, not lost (sent below)
    online = true;
    relay.push('jobs:removed', 6);
    expect(sent).toEqual([2, 3, 4]); // 6 waits behind 5 to keep order
    relay.ready();
    expect(sent).toEqual([2, 3, 4, 5, 6]);
  });
});

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  const min = { width: 720, height: 480 };

  it('falls back to defaults on junk', () => {
    for (const text of [null, '', '{', '[]', '{"width":"a","height":2}', 'null']) {
      expect(parseWindowState(text)).toEqual(DEFAULT_BOUNDS);
    }
    expect(parseWindowState('{"x":5,"y":6,"width":800,"height":600,"maximized":true}')).toEqual({
      x: 5,
      y: 6,
      width: 800,
      height: 600,
      maximized: true,
    });
  });

  it('drops a position on a screen that is gone and clamps sizes', () => {
    expect(
      fitToDisplays({ x: 3000, y: 100, width: 800, height: 600, maximized: false }, screen, min),
    ).toEqual({
      width: 800,
      height: 600,
      maximized: false,
    });
    expect(
      fitToDisplays({ x: 10, y: 10, width: 100, height: 99999, maximized: false }, screen, min),
    ).toEqual({
      x: 10,
      y: 10,
      width: 720,
      height: 1080,
      maximized: false,
    });
  });

  it('any saved state yields a window that fits and is reachable (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5000, max: 5000 }),
        fc.integer({ min: -5000, max: 5000 }),
        fc.integer({ min: -10, max: 10000 }),
        fc.integer({ min: -10, max: 10000 }),
        (x, y, width, height) => {
          const b = fitToDisplays({ x, y, width, height, maximized: false }, screen, min);
          expect(b.width).toBeGreaterThanOrEqual(min.width);
          expect(b.width).toBeLessThanOrEqual(1920);
          expect(b.height).toBeLessThanOrEqual(1080);
          if (b.x !== undefined && b.y !== undefined) {
            expect(b.y).toBeGreaterThanOrEqual(0);
            expect(b.x + 100).toBeGreaterThan(0);
            expect(b.x).toBeLessThan(1920);
          }
        },
      ),
    );
  });
});

describe('web preferences', () => {
  it('are the hardened set', () => {
    expect(hardenedWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
  });

  it('have developer tools only where asked for: off in packaged builds and by default', () => {
    expect(hardenedWebPreferences('/p.cjs').devTools).toBe(false);
    const opts = {
      preloadPath: '/p.cjs',
      bounds: { width: 800, height: 600, maximized: false },
      dark: false,
      title: 't',
    };
    expect(mainWindowOptions({ ...opts, devTools: false }).webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions({ ...opts, devTools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('links that leave the app', () => {
  it('links the UI hands out open at once; anything else asks first', () => {
    expect(linkNeedsConfirmation('https://console.videodb.io/player?url=x')).toBe(false);
    expect(linkNeedsConfirmation('https://docs.videodb.io/')).toBe(false);
    expect(linkNeedsConfirmation('https://evil.example/phish')).toBe(true);
    // Look-alikes and subdomains of a trusted name are not trusted.
    expect(linkNeedsConfirmation('https://console.videodb.io.evil.example/')).toBe(true);
    expect(linkNeedsConfirmation('https://evilvideodb.io/')).toBe(true);
    // The API address the user configured counts as the app's own.
    expect(
      linkNeedsConfirmation('https://videodb.corp.example/p', ['https://videodb.corp.example']),
    ).toBe(false);
    expect(
      linkNeedsConfirmation('https://other.corp.example/p', ['https://videodb.corp.example']),
    ).toBe(true);
  });
});
