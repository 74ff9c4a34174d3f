/**
 * Errors queued for the next calls of named methods: each call takes one (if any is queued for
 * its method) and throws it before doing anything else.
 */
export class ScriptedFaults<Method extends string> {
  readonly #queued = new Map<Method, Error[]>();

  /** Makes the next `times` calls of `method` throw `error`. */
  failNext(method: Method, error: Error, times = 1): void {
    const queue = this.#queued.get(method) ?? [];
    for (let call = 0; call < times; call++) queue.push(error);
    this.#queued.set(method, queue);
  }

  /** Throws the next error queued for `method`, if there is one. */
  throwIfScripted(method: Method): void {
    const error = this.#queued.get(method)?.shift();
    if (error) throw error;
  }
}
