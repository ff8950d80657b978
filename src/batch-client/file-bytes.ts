import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { countingBytes } from '../cli/index.js';

/** A JSON Lines file goes as it is: the hub numbers and checks its lines. */
export async function* jsonlBody(file: string, onBytes: (total: number) => void): AsyncGenerator<Uint8Array> {
  const counter = countingBytes(onBytes);
  pipeline(createReadStream(file), counter, () => undefined);
  for await (const chunk of counter) yield chunk as Buffer;
}
