/**
 * A 2D canvas context for jsdom (which has none) that records what is drawn: enough to check
 * what the renderer draws (text, shapes, styles) without pixels. Text is 6 px per character.
 */
export interface RecordedCall {
  method: string;
  args: unknown[];
  fillStyle?: unknown;
  strokeStyle?: unknown;
  font?: unknown;
  globalAlpha?: unknown;
}

export interface FakeContext {
  context: CanvasRenderingContext2D;
  calls: RecordedCall[];
  texts(): string[];
  count(method: string): number;
}

export function fakeContext(): FakeContext {
  const calls: RecordedCall[] = [];
  const state: Record<string | symbol, unknown> = { font: '10px sans-serif', fillStyle: '#000', strokeStyle: '#000', globalAlpha: 1, lineWidth: 1 };
  const context = new Proxy(state, {
    get(target, key) {
      if (key === 'measureText') {
        return (text: string) => ({ width: text.length * 6 });
      }
      if (key in target) {
        return target[key];
      }
      return (...args: unknown[]) => {
        calls.push({ method: String(key), args, fillStyle: target.fillStyle, strokeStyle: target.strokeStyle, font: target.font, globalAlpha: target.globalAlpha });
      };
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
  return {
    context,
    calls,
    texts: () => calls.filter((c) => c.method === 'fillText').map((c) => String(c.args[0])),
    count: (method) => calls.filter((c) => c.method === method).length,
  };
}

/** Makes every canvas in jsdom answer `context` for getContext('2d'); returns the undo. */
export function installFakeCanvas(fake: FakeContext): () => void {
  const original = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function getContext() {
    return fake.context;
  } as unknown as HTMLCanvasElement['getContext'];
  return () => {
    HTMLCanvasElement.prototype.getContext = original;
  };
}
