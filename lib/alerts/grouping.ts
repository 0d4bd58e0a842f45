/**
 * What a firing or a resolution does to a (rule, object), given whether an episode is open: only the
 * first firing of an episode and its resolution tell anyone; repeats are counted on the open episode.
 */
export type AlertStep = 'open' | 'count' | 'close' | 'nothing';

export function alertStep(event: 'fire' | 'resolve', episodeOpen: boolean): AlertStep {
  switch (event) {
    case 'fire':
      return episodeOpen ? 'count' : 'open';
    case 'resolve':
      return episodeOpen ? 'close' : 'nothing';
    default: {
      const never: never = event;
      throw new Error(`unknown alert event ${String(never)}`);
    }
  }
}

/** Whether a step notifies (in-app and by webhook). */
export const notifies = (step: AlertStep): boolean => step === 'open' || step === 'close';
