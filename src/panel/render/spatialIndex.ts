/**
 * A uniform grid over node rectangles: which node is under the pointer in constant time,
 * whatever the graph size. Built once per layout.
 */
export interface SpatialIndex {
  /** the topmost node whose rectangle contains (x, y), or -1 */
  hit(x: number, y: number): number;
}

export function buildSpatialIndex(x: ArrayLike<number>, y: ArrayLike<number>, width: ArrayLike<number>, height: ArrayLike<number>, cell = 256): SpatialIndex {
  const cells = new Map<number, number[]>();
  const key = (cx: number, cy: number) => cx * 1_000_003 + cy;
  for (let i = 0; i < x.length; i++) {
    const x0 = Math.floor((x[i] - width[i] / 2) / cell);
    const x1 = Math.floor((x[i] + width[i] / 2) / cell);
    const y0 = Math.floor((y[i] - height[i] / 2) / cell);
    const y1 = Math.floor((y[i] + height[i] / 2) / cell);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const k = key(cx, cy);
        const list = cells.get(k);
        if (list) {
          list.push(i);
        } else {
          cells.set(k, [i]);
        }
      }
    }
  }
  return {
    hit(px, py) {
      const list = cells.get(key(Math.floor(px / cell), Math.floor(py / cell)));
      if (!list) {
        return -1;
      }
      for (let j = list.length - 1; j >= 0; j--) {
        const i = list[j];
        if (Math.abs(px - x[i]) <= width[i] / 2 && Math.abs(py - y[i]) <= height[i] / 2) {
          return i;
        }
      }
      return -1;
    },
  };
}
