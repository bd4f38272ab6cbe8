/**
 * Receives a multipart upload: the form's fields, then one file streamed straight to disk (hashed on the
 * way), never held in memory. The CSRF field must come before the file; the body is always read to its
 * end, so an oversized or refused upload still gets a proper answer instead of a reset connection.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';

export type UploadProblem = 'not-multipart' | 'csrf' | 'no-file' | 'empty' | 'too-large';

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: { path: string; name: string; sizeBytes: number; sha256: string } | null;
  problem: UploadProblem | null;
}

export function receiveUpload(
  req: Request,
  options: { dir: string; limitBytes: number; token: string; checkCsrf: (value: string | undefined) => boolean },
): Promise<ReceivedUpload> {
  return new Promise((resolve) => {
    const result: ReceivedUpload = { fields: {}, file: null, problem: null };
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: options.limitBytes, files: 1, fields: 20, fieldSize: 2000 } });
    } catch {
      req.resume();
      req.on('end', () => resolve({ ...result, problem: 'not-multipart' }));
      return;
    }
    const writes: Promise<void>[] = [];

    parser.on('field', (name, value) => {
      result.fields[name] = value;
    });

    parser.on('file', (_name, stream, info) => {
      if (result.problem || result.file || !options.checkCsrf(result.fields._csrf)) {
        result.problem ??= result.file ? null : 'csrf';
        stream.resume();
        return;
      }
      fs.mkdirSync(options.dir, { recursive: true });
      const target = path.join(options.dir, `${options.token}.csv`);
      const hash = crypto.createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      let truncated = false;
      stream.on('limit', () => {
        truncated = true;
      });
      writes.push(
        pipeline(stream, meter, fs.createWriteStream(target)).then(() => {
          if (truncated) {
            result.problem = 'too-large';
            fs.rmSync(target, { force: true });
          } else if (!info.filename) {
            fs.rmSync(target, { force: true });
          } else {
            result.file = { path: target, name: path.basename(info.filename).slice(0, 200), sizeBytes: size, sha256: hash.digest('hex') };
          }
        }),
      );
    });

    parser.on('close', () => {
      void Promise.all(writes).then(
        () => {
          if (!result.problem && !options.checkCsrf(result.fields._csrf)) result.problem = 'csrf';
          if (!result.problem && !result.file) result.problem = 'no-file';
          if (!result.problem && result.file && result.file.sizeBytes === 0) result.problem = 'empty';
          if (result.problem && result.file) {
            fs.rmSync(result.file.path, { force: true });
            result.file = null;
          }
          resolve(result);
        },
        () => resolve({ ...result, file: null, problem: result.problem ?? 'no-file' }),
      );
    });
    parser.on('error', () => {
      req.unpipe(parser);
      req.resume();
      resolve({ ...result, file: null, problem: 'not-multipart' });
    });
    req.pipe(parser);
  });
}
