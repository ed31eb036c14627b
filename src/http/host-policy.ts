/** Which Host headers this server answers (the DNS-rebinding defence of src/codecs/host.ts), for its bind address. */
import { hostAllowed } from "../codecs/host.js";
import type { Run } from "../run/run.js";

/** The Host check with the answers for recent Host values remembered (clients send the same one each time). */
export class HostPolicy {
  private readonly known = new Map<string, boolean>();

  constructor(private readonly binding: Run["binding"], private readonly allowed: readonly string[]) {}

  allows(header: string | undefined): boolean {
    if (header === undefined) return true;
    let verdict = this.known.get(header);
    if (verdict === undefined) {
      verdict = hostAllowed(header, { loopbackBind: this.binding.loopback, boundAddress: this.binding.address, allowed: this.allowed });
      // Host-sized values only: the memo stays small whatever clients send.
      if (header.length > 300) return verdict;
      if (this.known.size >= 256) this.known.clear();
      this.known.set(header, verdict);
    }
    return verdict;
  }

  /** The binding changed (listen): earlier answers may not hold. */
  forget(): void {
    this.known.clear();
  }
}
