/**
 * Workday's worker goal (Get_Workers Goal_Data) has no progress field, so fluencyflow keeps the progress figure in a
 * `Progress: N%` line of the description, just above the marker line; readers see it in the goal, and the connector
 * takes it back out when it reads, so the canonical description is exactly what the engine wrote.
 */
const PROGRESS = /^Progress: (\d{1,3})%$/;
const MARKER = /^\[fluencyflow:[^\]]*\]$/;

export const composeDescription = (description: string, percent: number): string => {
  const lines = description.split('\n');
  const line = `Progress: ${Math.round(percent)}%`;
  const last = lines[lines.length - 1] ?? '';
  if (MARKER.test(last.trim())) return [...lines.slice(0, -1), line, last].join('\n');
  return [...lines, line].join('\n');
};

export const splitDescription = (text: string): { description: string; percent: number } => {
  const lines = text.split('\n');
  const lastIndex = lines.length - 1;
  const at = MARKER.test((lines[lastIndex] ?? '').trim()) ? lastIndex - 1 : lastIndex;
  const m = PROGRESS.exec((lines[at] ?? '').trim());
  if (at < 0 || !m) return { description: text, percent: 0 };
  const percent = Math.min(100, Number(m[1]));
  return { description: [...lines.slice(0, at), ...lines.slice(at + 1)].join('\n'), percent };
};
