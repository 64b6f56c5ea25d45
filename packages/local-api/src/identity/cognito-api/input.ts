import { CognitoError, invalidParameter } from './errors.js';

/** A request body as the JSON 1.1 protocol delivers it: an object of the action's members. */
export type ActionInput = Record<string, unknown>;

const lowerFirst = (member: string) => `${member.charAt(0).toLowerCase()}${member.slice(1)}`;

/** A value of the wrong JSON type: what the service's deserializer refuses before any check. */
const serialization = (member: string) =>
  new CognitoError('SerializationException', `Unexpected value type for ${member}`);

/** A string member, or Cognito's "must not be null" refusal (its wording, member in camel case). */
export function requiredString(input: ActionInput, member: string, maxLength = 2048): string {
  const value = optionalString(input, member, maxLength);
  if (value === undefined || value === '') {
    throw invalidParameter(
      `1 validation error detected: Value null at '${lowerFirst(member)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function optionalString(input: ActionInput, member: string, maxLength = 2048): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serialization(member);
  if (value.length > maxLength) {
    throw invalidParameter(
      `1 validation error detected: Value at '${lowerFirst(member)}' failed to satisfy constraint: Member must have length less than or equal to ${maxLength}`,
    );
  }
  return value;
}

export function optionalBoolean(input: ActionInput, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw serialization(member);
  return value;
}

export function optionalInteger(
  input: ActionInput,
  member: string,
  min: number,
  max: number,
): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw serialization(member);
  if (value < min || value > max) {
    throw invalidParameter(
      `1 validation error detected: Value '${value}' at '${lowerFirst(member)}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  }
  return value;
}

/** A `[{Name, Value}]` list as a map (later entries win, as Cognito applies them in order). */
export function attributeList(input: ActionInput, member: string): Record<string, string> {
  const value = input[member];
  if (value === undefined || value === null) return {};
  if (!Array.isArray(value)) throw serialization(member);
  // No prototype: a `__proto__` attribute is an attribute like any other (and refused as unknown).
  const attributes: Record<string, string> = Object.create(null);
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw serialization(member);
    const { Name, Value } = entry as { Name?: unknown; Value?: unknown };
    if (typeof Name !== 'string' || Name === '')
      throw invalidParameter(`${member}: an attribute has no Name`);
    if (Value !== undefined && typeof Value !== 'string') throw serialization(member);
    attributes[Name] = Value ?? '';
  }
  return attributes;
}

/** A string-to-string map such as `AuthParameters`. */
export function stringMap(input: ActionInput, member: string): Record<string, string> {
  const value = input[member];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw serialization(member);
  const map: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw serialization(member);
    map[key] = entry;
  }
  return map;
}
