/**
 * How the client reaches the API on the user's network: through the system's proxy (Electron's
 * `session.resolveProxy`, PAC included, or HTTPS_PROXY / HTTP_PROXY / NO_PROXY in the preview) and
 * trusting the OS certificate store as well as Node's bundled one. The video player uses Chromium's
 * network stack, which does both; without them a corporate proxy or a TLS-inspecting firewall lets
 * videos play while the app says "offline".
 */
import { getCACertificates } from 'node:tls';

/**
 * Asks the system which proxy serves an origin. Answers in the PAC result syntax Electron's
 * `session.resolveProxy(url)` uses: `"DIRECT"`, `"PROXY host:port; DIRECT"`, `"HTTPS host:port"`,
 * `"SOCKS5 host:port"`. An entry's host part may also be a full proxy URL
 * (`PROXY http://user:pass@host:port`), which {@link envProxyResolver} uses to keep credentials.
 */
export type ResolveProxy = (origin: string) => Promise<string>;

/** The certificate authorities (PEM) the client trusts; read once per client. */
export type TrustedCertificates = () => readonly string[];

/** Where requests to an origin go. */
export type ProxyRoute =
  | { kind: 'direct' }
  /** `uri` is the proxy URL for undici's ProxyAgent; `label` the same without credentials. */
  | { kind: 'proxy'; uri: string; label: string };

/** A PAC answer read: the first supported entry, and the entries passed over on the way. */
export interface ParsedProxyRules {
  route: ProxyRoute;
  /** Entries before the chosen one that the app cannot use (SOCKS, unreadable), as written. */
  skipped: string[];
}

const DIRECT: ProxyRoute = { kind: 'direct' };

function proxyRoute(scheme: 'http' | 'https', hostPort: string): ProxyRoute | null {
  let url: URL;
  try {
    url = new URL(hostPort.includes('://') ? hostPort : `${scheme}://${hostPort}`);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  const label = `${url.protocol}//${url.host}`;
  url.pathname = '';
  return { kind: 'proxy', uri: url.toString().replace(/\/$/, ''), label };
}

/**
 * Reads a PAC result (`"PROXY a:1; HTTPS b:2; DIRECT"`) and takes the first entry the client can
 * use: DIRECT, PROXY/HTTP (an http proxy) or HTTPS (a proxy spoken to over TLS). SOCKS entries (and
 * anything unreadable) are passed over and listed in `skipped`; when nothing usable is left the
 * route is DIRECT, as Chromium itself falls back.
 */
export function parseProxyRules(rules: string): ParsedProxyRules {
  const skipped: string[] = [];
  for (const raw of rules.split(';')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [word = '', hostPort = '', ...rest] = entry.split(/\s+/);
    const type = word.toUpperCase();
    if (type === 'DIRECT' && hostPort === '') return { route: DIRECT, skipped };
    const route =
      rest.length > 0 || hostPort === ''
        ? null
        : type === 'PROXY' || type === 'HTTP'
          ? proxyRoute('http', hostPort)
          : type === 'HTTPS'
            ? proxyRoute('https', hostPort)
            : null;
    if (route) return { route, skipped };
    skipped.push(entry);
  }
  return { route: DIRECT, skipped };
}

/** The first non-empty value among `names` in `env` (lower case first, as curl and undici read them). */
function envValue(env: Record<string, string | undefined>, ...names: string[]): string | null {
  for (const name of names) {
    const v = env[name]?.trim();
    if (v) return v;
  }
  return null;
}

/** Whether NO_PROXY (`*`, `host`, `.host`, `*.host`, `host:port`, comma or space separated) covers `url`. */
export function noProxyCovers(noProxy: string | null, url: URL): boolean {
  if (noProxy === null) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[,\s]+/)) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    let entryPort: string | null = null;
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (m) {
      entry = m[1] ?? entry;
      entryPort = m[2] ?? null;
    }
    entry = entry.replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
    if (entryPort !== null && entryPort !== port) continue;
    if (host === entry || host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/** localhost, 127.0.0.0/8 and ::1: never proxied, as Chromium's implicit `<-loopback>` rule. */
function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1'
  );
}

/**
 * A {@link ResolveProxy} from environment variables, for the preview and plain Node: https origins
 * use `https_proxy`/`HTTPS_PROXY` (else `http_proxy`/`HTTP_PROXY`, as undici's EnvHttpProxyAgent
 * does), http origins `http_proxy`/`HTTP_PROXY`; `no_proxy`/`NO_PROXY` sends hosts direct, and so
 * does loopback, as in Chromium, so the preview and the app agree.
 */
export function envProxyResolver(
  env: Record<string, string | undefined> = process.env,
): ResolveProxy {
  return async (origin) => {
    const url = new URL(origin);
    if (isLoopback(url)) return 'DIRECT';
    if (noProxyCovers(envValue(env, 'no_proxy', 'NO_PROXY'), url)) return 'DIRECT';
    const proxy =
      url.protocol === 'https:'
        ? envValue(env, 'https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY')
        : envValue(env, 'http_proxy', 'HTTP_PROXY');
    if (proxy === null) return 'DIRECT';
    const full = proxy.includes('://') ? proxy : `http://${proxy}`;
    return `${full.startsWith('https:') ? 'HTTPS' : 'PROXY'} ${full}`;
  };
}

/**
 * The certificate authorities the app trusts: Node's own (bundled, plus NODE_EXTRA_CA_CERTS) and
 * the operating system's store (where IT installs a TLS-inspecting firewall's root). Null when
 * this Node cannot read them, so the client keeps Node's default.
 */
export function systemTrustedCertificates(): string[] | null {
  try {
    return [...new Set([...getCACertificates('default'), ...getCACertificates('system')])];
  } catch {
    return null;
  }
}
