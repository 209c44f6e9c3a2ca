import type { IncomingMessage } from 'node:http';

/**
 * Request shapes that two HTTP parsers can frame differently (CL.TE / TE.CL / TE.TE desync, see
 * https://portswigger.net/research/http-desync-attacks-request-smuggling-reborn). Node's parser
 * already refuses most of them; these checks make the gateway refuse every one, as nginx and
 * HAProxy do, before a byte reaches an upstream. Returns why the request is refused, or undefined.
 */
export function smugglingProblem(req: IncomingMessage): string | undefined {
  // Node's parsed headers (already built for its own Host check) name every header line: without
  // either framing header there is nothing to look for in the raw list.
  const parsed = req.headers;
  if (parsed['content-length'] === undefined && parsed['transfer-encoding'] === undefined)
    return undefined;
  const raw = req.rawHeaders;
  const lengths: string[] = [];
  const encodings: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (name === 'content-length') lengths.push(raw[i + 1]!);
    else if (name === 'transfer-encoding') encodings.push(raw[i + 1]!);
  }
  if (lengths.length && encodings.length)
    return 'the request has both Content-Length and Transfer-Encoding';
  if (lengths.length > 1) return 'the request has more than one Content-Length header';
  if (lengths.length === 1 && !/^\d{1,15}$/.test(lengths[0]!.trim()))
    return 'the Content-Length header is not a single decimal number';
  if (encodings.length === 0) return undefined;
  if (req.httpVersion === '1.0') return 'Transfer-Encoding is not defined for HTTP/1.0';
  if (encodings.length > 1) return 'the request has more than one Transfer-Encoding header';
  if (encodings[0]!.trim().toLowerCase() !== 'chunked')
    return 'the only Transfer-Encoding accepted is "chunked"';
  return undefined;
}

/** True when a request carries a body (RFC 9112 §6.3): a non-zero length or chunked framing. */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length.trim() !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

export function declaredLength(req: IncomingMessage): number | undefined {
  const length = req.headers['content-length'];
  return length === undefined ? undefined : Number(length);
}
