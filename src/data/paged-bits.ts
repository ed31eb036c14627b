/** A sparse bitmap over record positions (the sync summary and the verifier). */

/** Bits per bitmap page (512 bytes: pages touched by scattered pages of records stay small). */
const PAGE_BITS = 4096;

/** What one page costs in memory, with its map entry and the typed array's own bookkeeping. */
export const PAGE_COST_BYTES = 640;

/** Bytes that several bitmaps may spend on pages together (the sync summary's bound). */
export class PageBudget {
  used = 0;
  constructor(readonly limitBytes: number) {}
}

/** A bitmap over record positions whose 512-byte pages exist only where something was marked: memory follows what was served, not how many records exist. */
export class PagedBits {
  private readonly pages = new Map<number, Uint8Array>();

  /** @param budget when given, pages are made only while it has room (see set). */
  constructor(private readonly budget?: PageBudget) {}

  /** Sets bit i; returns whether it was set already, or undefined when it needs a new page and the budget has no room (nothing is set). */
  set(i: number): boolean | undefined {
    const pageIndex = Math.floor(i / PAGE_BITS);
    let page = this.pages.get(pageIndex);
    if (page === undefined) {
      if (this.budget !== undefined) {
        if (this.budget.used + PAGE_COST_BYTES > this.budget.limitBytes) return undefined;
        this.budget.used += PAGE_COST_BYTES;
      }
      page = new Uint8Array(PAGE_BITS / 8);
      this.pages.set(pageIndex, page);
    }
    const offset = i - pageIndex * PAGE_BITS;
    const byte = offset >>> 3;
    const bit = 1 << (offset & 7);
    const was = ((page[byte] as number) & bit) !== 0;
    page[byte] = (page[byte] as number) | bit;
    return was;
  }

  /** Drops every page, giving their bytes back to the budget. */
  release(): void {
    if (this.budget !== undefined) this.budget.used -= this.pages.size * PAGE_COST_BYTES;
    this.pages.clear();
  }

  /** Whether bit i is set. */
  has(i: number): boolean {
    const page = this.pages.get(Math.floor(i / PAGE_BITS));
    const offset = i % PAGE_BITS;
    return page !== undefined && ((page[offset >>> 3] as number) & (1 << (offset & 7))) !== 0;
  }
}
