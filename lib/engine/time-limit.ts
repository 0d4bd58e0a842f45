import type { Engine } from './types';

/**
 * Interrupts `engine` once `ms` have passed, and again every 250 ms after that, so that no later
 * statement of the same piece of work gets going either. `stop()` when the work is done.
 */
export function limitTime(engine: Engine, ms: number): { readonly timedOut: boolean; stop(): void } {
  let interrupter: ReturnType<typeof setInterval> | undefined;
  const state = { timedOut: false };
  const timer = setTimeout(() => {
    state.timedOut = true;
    void engine.cancel();
    interrupter = setInterval(() => void engine.cancel(), 250);
  }, ms);
  return {
    get timedOut() {
      return state.timedOut;
    },
    stop() {
      clearTimeout(timer);
      clearInterval(interrupter);
    },
  };
}
