/** The last second formatted: orders are placed many per second. */
let lastSecond = { second: Number.NaN, text: '' };

/** `YYYY-MM-DDTHH:MM:SSZ`: whole seconds, so stored times compare correctly as strings. */
export const toSecondsIso = (date: Date): string => {
  const second = Math.floor(date.getTime() / 1000);
  if (second === lastSecond.second) return lastSecond.text;
  // An invalid date (NaN) never matches, so it still throws here.
  const text = `${date.toISOString().slice(0, 19)}Z`;
  lastSecond = { second, text };
  return text;
};

export const SECONDS_ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
