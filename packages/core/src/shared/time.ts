/** `YYYY-MM-DDTHH:MM:SSZ`: whole seconds, so stored times compare correctly as strings. */
export const toSecondsIso = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

export const SECONDS_ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
