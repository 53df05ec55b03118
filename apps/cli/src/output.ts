/** Where every command's result goes: one JSON object with --json, readable lines otherwise. */
export interface Output {
  result(json: object, human: string): void;
  /** A line for a person watching while a command is still at work; nothing with --json. */
  progress(human: string): void;
}

export function createOutput(json: boolean, stdout: NodeJS.WritableStream = process.stdout): Output {
  return {
    result(value, human) {
      stdout.write(json ? `${JSON.stringify(value)}\n` : `${human}\n`);
    },
    progress(human) {
      if (!json) stdout.write(`${human}\n`);
    },
  };
}

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
