/**
 * Which reverse proxies are trusted to say who the client is (REFUTE_TRUST_PROXY). One compiled
 * rule serves express (`req.ip`, `req.protocol`, `req.host`), the login limiter, the logs, and
 * the socket handshake's same-origin check, so they never disagree about a request.
 * With no proxy configured, X-Forwarded-* headers are ignored: anyone can send them.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import proxyAddr from 'proxy-addr';

/** Off, a number of proxy hops in front of the server, or the proxies' addresses and subnets. */
export type TrustProxySetting = false | number | string[];

export type TrustProxy = (address: string | undefined, hop: number) => boolean;

export function compileTrustProxy(setting: TrustProxySetting): TrustProxy {
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  const trusted = proxyAddr.compile(setting);
  return (address, hop) => address !== undefined && trusted(address, hop);
}

/** Throws when a list entry is neither an address, a subnet nor one of proxy-addr's names. */
export function assertValidProxyList(entries: string[]): void {
  proxyAddr.compile(entries);
}

/** The first value of a forwarded header, when the peer is a trusted proxy. */
function forwarded(req: IncomingMessage, header: string, trust: TrustProxy): string | undefined {
  const value = req.headers[header];
  if (typeof value !== 'string' || !trust(req.socket.remoteAddress, 0)) return undefined;
  return value.split(',')[0]!.trim() || undefined;
}

/** The origin the client used (`https://host:port`), as express computes `req.protocol` and `req.host`. */
export function requestOrigin(req: IncomingMessage, trust: TrustProxy): string {
  const encrypted = Boolean((req.socket as { encrypted?: boolean }).encrypted);
  const protocol = forwarded(req, 'x-forwarded-proto', trust) ?? (encrypted ? 'https' : 'http');
  const host = forwarded(req, 'x-forwarded-host', trust) ?? req.headers.host ?? 'localhost';
  return `${protocol}://${host}`;
}

/**
 * Behind a proxy that is not trusted every client has the proxy's address, so the login limits
 * would count all users as one: the first forwarded request says so in the log.
 */
export function warnOnceAboutUntrustedForwarding(log: Logger, trust: TrustProxy): RequestHandler {
  let warned = false;
  return (req, _res, next) => {
    if (!warned && req.headers['x-forwarded-for'] !== undefined && !trust(req.socket.remoteAddress, 0)) {
      warned = true;
      log.warn({ peer: req.socket.remoteAddress }, 'X-Forwarded-For ignored: the sender is not a trusted proxy. Behind a reverse proxy, set REFUTE_TRUST_PROXY');
    }
    next();
  };
}
