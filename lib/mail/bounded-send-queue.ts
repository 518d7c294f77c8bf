// Mail sent in the background, a few at a time, from a bounded queue. An IdP's first push creates
// thousands of people within minutes: one SMTP connection each at once is refused by the mail
// server (the mail is lost), and an unbounded queue behind a mail server that is away grows the
// process's memory. Beyond `maxWaiting`, new items are dropped and reported on stderr.
// Kept in this process: what is still waiting when the server stops is not sent.
export class BoundedSendQueue<T> {
  private readonly waiting: T[] = [];
  private sending = 0;
  private readonly settled: (() => void)[] = [];

  constructor(
    /** Never rejects: failures are the sender's to report. */
    private readonly send: (item: T) => Promise<void>,
    private readonly options: { atOnce: number; maxWaiting: number; label: string },
  ) {}

  /** Queues an item; false when the queue is full and it was dropped. */
  push(item: T): boolean {
    if (this.waiting.length >= this.options.maxWaiting) {
      console.error(`[mail] ${this.options.maxWaiting} ${this.options.label} already waiting: one more is not sent`);
      return false;
    }
    this.waiting.push(item);
    this.drain();
    return true;
  }

  /** Resolves once nothing is waiting or being sent. */
  idle(): Promise<void> {
    if (this.sending === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.settled.push(resolve));
  }

  private drain(): void {
    while (this.sending < this.options.atOnce && this.waiting.length > 0) {
      this.sending++;
      void this.send(this.waiting.shift()!)
        .catch(() => {})
        .finally(() => {
          this.sending--;
          this.drain();
        });
    }
    if (this.sending === 0) for (const resolve of this.settled.splice(0)) resolve();
  }
}
