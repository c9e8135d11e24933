import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { HttpError } from './errorResponses';

/**
 * Gunzips `Content-Encoding: gzip` bodies before Fastify reads them, so its body limit applies
 * to the decompressed size (a small gzip bomb is refused like any oversized body).
 */
export function decompressedBody(request: { headers: IncomingMessage['headers'] }, payload: NodeJS.ReadableStream) {
  const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding === 'identity' || encoding === '') return payload;
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new HttpError(415, 'unsupported_content_encoding', `Content-Encoding "${encoding}" is not supported; send identity or gzip`);
  }
  // Fastify compares Content-Length with the bytes received on the wire, not the inflated size.
  let encodedLength = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      encodedLength += chunk.length;
      callback(null, chunk);
    },
  });
  const gunzip = zlib.createGunzip();
  const inflated = payload.pipe(counter).pipe(gunzip) as zlib.Gunzip & { receivedEncodedLength?: number };
  // A corrupt stream surfaces as a zlib error (code Z_DATA_ERROR, ...) that the error handler names.
  gunzip.on('end', () => {
    inflated.receivedEncodedLength = encodedLength;
  });
  return inflated;
}
