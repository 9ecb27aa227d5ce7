/** Colours for ladder levels: grey for none, then light to dark blue, so higher levels read as "more". */
export const levelColors = (levels: number): string[] => {
  const light = [198, 219, 239];
  const dark = [8, 48, 107];
  const steps = Math.max(1, levels - 1);
  const blend = (i: number) => light.map((c, k) => Math.round(c + ((dark[k] ?? c) - c) * (i / steps)));
  return Array.from({ length: levels }, (_, i) => `rgb(${blend(i).join(',')})`);
};

export const NONE_COLOR = '#c9ccd1';
export const UP_COLOR = '#2f8f5b';
export const SAME_COLOR = '#b8bec6';
export const DOWN_COLOR = '#c8553d';
export const ACCENT = '#1f5fa8';
export const TARGET_COLOR = '#c8553d';
export const SYNTHETIC_FILL = 'rgba(160, 160, 160, 0.14)';
export const FONT = 'system-ui, sans-serif';
