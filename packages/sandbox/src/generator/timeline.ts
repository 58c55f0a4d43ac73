/**
 * A time-ordered queue of pending actions (binary min-heap on time, then insertion order). The
 * generator replays a store's whole history through it, so every record is produced by the same
 * mutation API a test would call, at the moment it happened.
 */
export class Timeline {
  #heap: { at: number; seq: number; run: () => void }[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  schedule(at: number, run: () => void): void {
    const heap = this.#heap;
    heap.push({ at, seq: this.#seq++, run });
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index]!, heap[parent]!)) break;
      const swap = heap[index]!;
      heap[index] = heap[parent]!;
      heap[parent] = swap;
      index = parent;
    }
  }

  /** Runs every action in time order, calling `setTime` before each; actions may schedule more. */
  drain(setTime: (at: number) => void): void {
    const heap = this.#heap;
    while (heap.length > 0) {
      const top = heap[0]!;
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        let index = 0;
        for (;;) {
          const left = index * 2 + 1;
          const right = left + 1;
          let smallest = index;
          if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
          if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
          if (smallest === index) break;
          const swap = heap[index]!;
          heap[index] = heap[smallest]!;
          heap[smallest] = swap;
          index = smallest;
        }
      }
      setTime(top.at);
      top.run();
    }
  }
}

function before(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
