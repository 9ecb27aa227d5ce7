/** One benchmark figure as a JSON line on stdout. */
export const emit = (
  bench: string,
  metric: string,
  value: number,
  unit: string,
  extra: Record<string, unknown> = {},
): void => {
  process.stdout.write(
    `${JSON.stringify({ bench, metric, value: Math.round(value * 1000) / 1000, unit, ...extra })}\n`,
  );
};
