import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { DecodeToUtf8 } from '../batch-files/index.js';
import { countingBytes } from '../cli/index.js';
import { UsageError } from './errors.js';

/** A JSON Lines file goes as it is, in UTF-8 (GBK converted): the hub numbers and checks its lines. */
export async function* jsonlBody(file: string, onBytes: (total: number) => void): AsyncGenerator<Uint8Array> {
  const decoder = new DecodeToUtf8();
  pipeline(createReadStream(file), countingBytes(onBytes), decoder, () => undefined);
  for await (const chunk of decoder) yield chunk as Buffer;
  if (decoder.failure) throw new UsageError(`${file}: ${decoder.failure.message}`);
}
