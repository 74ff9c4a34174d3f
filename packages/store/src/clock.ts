/** Where repositories get the time from; tests pass a fixed or stepping clock. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
