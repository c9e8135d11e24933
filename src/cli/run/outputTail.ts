import { StringDecoder } from 'node:string_decoder';

/**
 * The end of a stream, kept while it passes through: the last `maxLines` lines and at most
 * `maxBytes` bytes of them, which is where a failing command says why. Memory stays bounded
 * however much the command writes.
 */
export class OutputTail {
  private readonly decoder = new StringDecoder('utf8');
  private text = '';

  constructor(
    private readonly maxLines = 50,
    private readonly maxBytes = 8 * 1024,
  ) {}

  push(chunk: Buffer | string): void {
    this.text += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    // keep a margin over the limit so the line cut below has whole lines to work with
    const keep = this.maxBytes * 2;
    if (this.text.length > keep) this.text = this.text.slice(this.text.length - keep);
  }

  /** The tail as text: escape sequences (colours) removed, trailing blank lines dropped. */
  toString(): string {
    const all = (this.text + this.decoder.end())
      .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
      .replace(/\r\n/g, '\n')
      .replace(/\r/g, '\n')
      .replace(/\s+$/, '');
    let lines = all.split('\n').slice(-this.maxLines);
    let text = lines.join('\n');
    while (Buffer.byteLength(text, 'utf8') > this.maxBytes && lines.length > 1) {
      lines = lines.slice(1);
      text = lines.join('\n');
    }
    if (Buffer.byteLength(text, 'utf8') > this.maxBytes) {
      // one very long line: keep its end, cut at a character boundary
      const bytes = Buffer.from(text, 'utf8');
      text = new StringDecoder('utf8').end(bytes.subarray(bytes.length - this.maxBytes)).replace(/^\uFFFD+/, '');
    }
    return text;
  }
}
