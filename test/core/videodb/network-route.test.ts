/**
 * Reading the system's proxy answer. The strings are the PAC result syntax Electron's
 * `ses.resolveProxy(url)` returns (Electron docs, session: "DIRECT", "PROXY host:port",
 * "HTTPS host:port", "SOCKS5 host:port", several joined by "; "), and the environment variables
 * undici's EnvHttpProxyAgent reads (undici docs, EnvHttpProxyAgent).
 */
import { describe, expect, it } from 'vitest';
import { envProxyResolver, noProxyCovers, parseProxyRules } from '../../../app/core/videodb';

describe('parseProxyRules', () => {
  it('takes the first usable entry', () => {
    expect(parseProxyRules('DIRECT').route).toEqual({ kind: 'direct' });
    expect(parseProxyRules('PROXY proxy.corp:3128; DIRECT').route).toEqual({
      kind: 'proxy',
      uri: 'http://proxy.corp:3128',
      label: 'http://proxy.corp:3128',
    });
    expect(parseProxyRules('HTTPS secure.corp:8443').route).toMatchObject({
      uri: 'https://secure.corp:8443',
    });
    expect(parseProxyRules('PROXY [::1]:8080').route).toMatchObject({ uri: 'http://[::1]:8080' });
  });

  it('passes over SOCKS and unreadable entries, and falls back to direct', () => {
    expect(parseProxyRules('SOCKS5 s:1080; PROXY p:80')).toEqual({
      route: { kind: 'proxy', uri: 'http://p', label: 'http://p' },
      skipped: ['SOCKS5 s:1080'],
    });
    expect(parseProxyRules('SOCKS s:1080')).toEqual({
      route: { kind: 'direct' },
      skipped: ['SOCKS s:1080'],
    });
    expect(parseProxyRules('QUIC q:443; PROXY').route).toEqual({ kind: 'direct' });
    expect(parseProxyRules('').route).toEqual({ kind: 'direct' });
  });

  it('keeps credentials of a full proxy URL out of the label', () => {
    const { route } = parseProxyRules('PROXY http://me:secret@p.corp:3128');
    expect(route).toMatchObject({
      uri: 'http://me:secret@p.corp:3128',
      label: 'http://p.corp:3128',
    });
  });
});

describe('envProxyResolver', () => {
  it('https uses HTTPS_PROXY, else HTTP_PROXY; http uses HTTP_PROXY', async () => {
    const both = envProxyResolver({ HTTPS_PROXY: 'https://s.corp:443', HTTP_PROXY: 'p.corp:80' });
    expect(await both('https://api.videodb.io')).toBe('HTTPS https://s.corp:443');
    expect(await both('http://api.example')).toBe('PROXY http://p.corp:80');
    const httpOnly = envProxyResolver({ http_proxy: 'http://p.corp:3128' });
    expect(await httpOnly('https://api.videodb.io')).toBe('PROXY http://p.corp:3128');
    expect(await envProxyResolver({})('https://api.videodb.io')).toBe('DIRECT');
  });

  it('NO_PROXY and loopback go direct', async () => {
    const r = envProxyResolver({ HTTPS_PROXY: 'p:1', NO_PROXY: '.videodb.io, other:8443' });
    expect(await r('https://api.videodb.io')).toBe('DIRECT');
    expect(await r('https://other:8443')).toBe('DIRECT');
    expect(await r('https://other')).toBe('PROXY http://p:1');
    expect(await r('https://127.0.0.1:9')).toBe('DIRECT');
    expect(await r('https://localhost')).toBe('DIRECT');
    expect(await envProxyResolver({ HTTPS_PROXY: 'p:1', no_proxy: '*' })('https://a.b')).toBe(
      'DIRECT',
    );
  });

  it('noProxyCovers matches hosts and their subdomains only', () => {
    const u = new URL('https://api.videodb.io');
    expect(noProxyCovers('videodb.io', u)).toBe(true);
    expect(noProxyCovers('*.videodb.io', u)).toBe(true);
    expect(noProxyCovers('db.io', u)).toBe(false);
    expect(noProxyCovers('api.videodb.io:80', u)).toBe(false);
    expect(noProxyCovers(null, u)).toBe(false);
  });
});
