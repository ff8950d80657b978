import { createReadStream } from 'node:fs';
import { pipeline, Transform } from 'node:stream';

/** Passes file bytes on, telling how many have been read so far. */
export function counting(onBytes: (total: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      onBytes(total);
      done(null, chunk);
    },
  });
}

/** A JSON Lines file goes as it is: the hub numbers and checks its lines. */
export async function* jsonlBody(file: string, onBytes: (total: number) => void): AsyncGenerator<Uint8Array> {
  const counter = counting(onBytes);
  pipeline(createReadStream(file), counter, () => undefined);
  for await (const chunk of counter) yield chunk as Buffer;
}
