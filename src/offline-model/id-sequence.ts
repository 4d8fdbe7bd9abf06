/**
 * Counter-based ids, one sequence per server: ids are unique within a server yet identical
 * across runs, so snapshots and assertions on `call_…` ids stay stable.
 */
export class IdSequence {
  private next = 1;

  constructor(private readonly prefix: string) {}

  take(): string {
    const id = `${this.prefix}${String(this.next).padStart(4, '0')}`;
    this.next += 1;
    return id;
  }
}
