/**
 * Where the `wait_for_approval` tool waits: every call parks until `releaseAll()`, so the heap
 * measurement can hold many turns stopped inside a tool at once (heap.ts).
 */
export const parkingLot = createParkingLot();

function createParkingLot() {
  let open = () => {};
  let gate = new Promise<void>((resolve) => (open = resolve));
  let parked = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  return {
    get parked() {
      return parked;
    },
    /** Resolves once `count` calls are parked at the same time. */
    whenParked(count: number): Promise<void> {
      if (parked >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async park(): Promise<void> {
      parked += 1;
      for (let i = waiters.length - 1; i >= 0; i -= 1) {
        if (parked >= waiters[i]!.count) waiters.splice(i, 1)[0]!.resolve();
      }
      await gate;
      parked -= 1;
    },
    releaseAll(): void {
      open();
      gate = new Promise<void>((resolve) => (open = resolve));
    },
  };
}
