// The API server's syntax rules for names, label keys and values, port names and environment
// variable names. Each check returns what is wrong in a sentence, or undefined when valid.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export const LABEL_VALUE_MAX = 63;
/** The API server's limit on the total size of an object's annotations (keys and values). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** DNS-1123 label: container names, namespaces. */
export function dnsLabelProblem(name: string): string | undefined {
  if (name.length > 63) return `"${name}" is longer than 63 characters`;
  if (!DNS_LABEL.test(name))
    return `"${name}" must be lower case letters, digits and "-", starting and ending with a letter or digit (e.g. "web-1")`;
  return undefined;
}

/** DNS-1035 label: Service names (a letter first). */
export function dns1035LabelProblem(name: string): string | undefined {
  if (name.length > 63) return `"${name}" is longer than 63 characters`;
  if (!DNS_1035_LABEL.test(name))
    return `"${name}" must be lower case letters, digits and "-", starting with a letter and ending with a letter or digit (e.g. "web-stable")`;
  return undefined;
}

/** DNS-1123 subdomain: most object names. */
export function dnsSubdomainProblem(name: string): string | undefined {
  if (name.length > 253) return `"${name}" is longer than 253 characters`;
  if (!DNS_SUBDOMAIN.test(name))
    return `"${name}" must be lower case letters, digits, "-" and ".", starting and ending with a letter or digit (e.g. "web.v2")`;
  return undefined;
}

/** A label or annotation key: an optional DNS subdomain prefix and "/", then a name of at most 63 characters. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix === '') return `key "${key}" has an empty prefix before "/"`;
    if (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) {
      return `the prefix of key "${key}" must be a DNS subdomain: lower case letters, digits, "-" and ".", at most 253 characters (e.g. "example.com/name")`;
    }
  }
  if (name === '') return `key "${key}" has no name`;
  if (name.length > 63) return `the name part of key "${key}" is longer than 63 characters`;
  if (!QUALIFIED_NAME_PART.test(name)) {
    return `key "${key}" must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit, optionally after a prefix such as "example.com/"`;
  }
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > LABEL_VALUE_MAX) return `label value "${value}" is longer than 63 characters`;
  if (!QUALIFIED_NAME_PART.test(value))
    return `label value "${value}" must be empty or letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;
  return undefined;
}

/** IANA service name: container port names, named probe and Service target ports. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return `port name "${name}" is longer than 15 characters`;
  if (!/^[-a-z0-9]+$/.test(name)) return `port name "${name}" must be lower case letters, digits and "-"`;
  if (!/[a-z]/.test(name)) return `port name "${name}" must contain at least one letter`;
  if (name.includes('--')) return `port name "${name}" must not contain "--"`;
  if (name.startsWith('-') || name.endsWith('-')) return `port name "${name}" must not start or end with "-"`;
  return undefined;
}

export function envVarNameProblem(name: string): string | undefined {
  if (!ENV_VAR_NAME.test(name))
    return `"${name}" is not a valid environment variable name: use letters, digits, "_", "-" and ".", not starting with a digit`;
  return undefined;
}

export function portNumberProblem(port: number): string | undefined {
  if (port < 1 || port > 65535) return `port ${port} is out of range: use 1 to 65535`;
  return undefined;
}
