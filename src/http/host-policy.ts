/** Which Host headers this server answers (the DNS-rebinding defence of src/codecs/host.ts), for its bind address. */
import { hostAllowed } from "../codecs/host.js";
import type { Run } from "../run/run.js";
import { Memo } from "../data/memo.js";

/** The Host check with the answers for recent Host values remembered (clients send the same one each time). */
export class HostPolicy {
  /** Host-sized values only: the memo stays small whatever clients send. */
  private readonly known = new Memo<string, boolean>(256, 300);

  /** The check itself, made once (not a closure per request). */
  private readonly check = (host: string): boolean =>
    hostAllowed(host, { loopbackBind: this.binding.loopback, boundAddress: this.binding.address, allowed: this.allowed });

  constructor(private readonly binding: Run["binding"], private readonly allowed: readonly string[]) {}

  allows(header: string | undefined): boolean {
    return header === undefined || this.known.get(header, this.check);
  }

  /** The binding changed (listen): earlier answers may not hold. */
  forget(): void {
    this.known.clear();
  }
}
