/**
 * Invocations still running when the host stops. Closing waits for them (up to a bound), so a shutdown
 * neither cuts a function off mid-write nor leaves it running against servers that are already gone.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  stopped = false;

  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  async drain(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }
}
