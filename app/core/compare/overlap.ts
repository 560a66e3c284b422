/**
 * How much the runs of a comparison agree: the intersection over union of their answers' time
 * ranges, for every pair of runs, and for each run the mean with the others. Pure.
 */
import { overlapIoU } from '../multiclip';

/** A run's answer as overlap needs it: its time ranges, or null when it has not answered. */
export type RunRanges = ReadonlyArray<{ start: number; end: number }> | null;

/** `m[i][j]`: IoU of runs i and j (1 on the diagonal); null unless both answered. */
export function overlapMatrix(runs: readonly RunRanges[]): Array<Array<number | null>> {
  return runs.map((a, i) =>
    runs.map((b, j) => {
      if (a === null || b === null) return null;
      return i === j ? 1 : overlapIoU(a, b);
    }),
  );
}

/** Mean IoU of run i with every other run that answered; null when it or none of them did. */
export function meanOverlaps(
  matrix: ReadonlyArray<ReadonlyArray<number | null>>,
): Array<number | null> {
  return matrix.map((row, i) => {
    const others = row.filter((v, j): v is number => j !== i && v !== null);
    return others.length === 0 ? null : others.reduce((t, v) => t + v, 0) / others.length;
  });
}
