/**
 * One `export NAME='value'` line that a POSIX shell (sh, bash, zsh) reads back as exactly `value`, newlines included:
 * inside single quotes nothing is special but the quote itself, written as `'\''`. A PEM key pasted from it keeps its
 * line breaks, where a JSON-quoted `"...\n..."` would hand the program a literal backslash and n.
 */
export const exportLine = (name: string, value: string): string => `export ${name}='${value.split("'").join("'\\''")}'`;
